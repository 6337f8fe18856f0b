package dev.spider.manager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ClientExceptionTest {

  private static final String U64_MAX = "18446744073709551615";
  private static final String CALL = "registerTaskInstance(job 7, task Index(3), em 2, session 4)";

  private static List<ClientException> oneOfEachKind() {
    return List.of(
        new TransportException(CALL + ": connection refused"),
        new ServerException(CALL + ": internal error"),
        new SchedulerProtocolException("nextTask(em 2): reply is not a TaskAssignment"),
        new StaleSessionException(CALL, new SessionId(4), new SessionId(5)),
        new CacheStaleException(CALL + ": job 7 already ended"),
        new InvalidInputException("reportTaskSuccess(job 7, task Commit): outputs given"),
        new MarkedDeadException(new ExecutionManagerId(2)),
        new IllegalIdException(new ExecutionManagerId(2), "unknown execution manager"));
  }

  /** How a caller tells the kinds apart: one catch clause each, no string matching. */
  private static String caughtAs(ClientException error) {
    try {
      throw error;
    } catch (TransportException e) {
      return "Transport";
    } catch (ServerException e) {
      return "Server";
    } catch (SchedulerProtocolException e) {
      return "Protocol";
    } catch (StaleSessionException e) {
      return "StaleSession";
    } catch (CacheStaleException e) {
      return "CacheStale";
    } catch (InvalidInputException e) {
      return "InvalidInput";
    } catch (MarkedDeadException e) {
      return "MarkedDead";
    } catch (IllegalIdException e) {
      return "IllegalId";
    } catch (ClientException e) {
      return "unknown kind " + e.getClass().getName(); // sealed: cannot happen
    }
  }

  @Test
  void eachKindIsCaughtByItsOwnClause() {
    List<String> kinds = oneOfEachKind().stream().map(ClientExceptionTest::caughtAs).toList();
    assertEquals(
        List.of(
            "Transport",
            "Server",
            "Protocol",
            "StaleSession",
            "CacheStale",
            "InvalidInput",
            "MarkedDead",
            "IllegalId"),
        kinds);
  }

  @Test
  void noKindIsAnotherKind() {
    List<ClientException> errors = oneOfEachKind();
    for (ClientException a : errors) {
      for (ClientException b : errors) {
        if (a != b) {
          assertFalse(b.getClass().isInstance(a), a.getClass() + " is a " + b.getClass());
        }
      }
    }
  }

  @Test
  void theKindsAreExactlyThePermittedOnesAndFinal() {
    assertTrue(ClientException.class.isSealed());
    assertTrue(Modifier.isAbstract(ClientException.class.getModifiers()));
    Set<Class<?>> permitted = Set.of(ClientException.class.getPermittedSubclasses());
    Set<Class<?>> made = new HashSet<>();
    for (ClientException e : oneOfEachKind()) {
      made.add(e.getClass());
      assertTrue(Modifier.isFinal(e.getClass().getModifiers()), e.getClass() + " is not final");
    }
    assertEquals(permitted, made);
  }

  @Test
  void theyAreCheckedExceptions() {
    for (ClientException e : oneOfEachKind()) {
      assertFalse(RuntimeException.class.isInstance(e), e.getClass() + " is unchecked");
      assertFalse(IOException.class.isInstance(e), e.getClass() + " is an IOException");
    }
  }

  @Test
  void aStaleSessionNamesTheCallAndBothSessions() {
    StaleSessionException e = new StaleSessionException(CALL, new SessionId(4), new SessionId(-1L));
    assertEquals(CALL + ": session 4 is stale, storage is at session " + U64_MAX, e.getMessage());
    assertEquals(new SessionId(4), e.requestSession());
    assertEquals(Optional.of(new SessionId(-1L)), e.storageSession());
  }

  @Test
  void aStaleSessionMayNotKnowStoragesSession() {
    StaleSessionException e = new StaleSessionException(CALL, new SessionId(4), Optional.empty());
    assertEquals(
        CALL + ": session 4 is stale, storage did not say which session is current",
        e.getMessage());
    assertEquals(Optional.empty(), e.storageSession());
  }

  @Test
  void aTransportErrorSaysWhetherItsRequestMayHaveArrived() {
    assertEquals(
        TransportException.Arrival.NOT_SENT,
        new TransportException(CALL + ": refused", TransportException.Arrival.NOT_SENT).arrival());
    assertEquals(
        TransportException.Arrival.MAY_HAVE_ARRIVED,
        new TransportException(CALL + ": reset", TransportException.Arrival.MAY_HAVE_ARRIVED)
            .arrival());
    IOException io = new IOException("refused");
    TransportException both =
        new TransportException(CALL + ": refused", TransportException.Arrival.NOT_SENT, io);
    assertSame(io, both.getCause());
    assertEquals(TransportException.Arrival.NOT_SENT, both.arrival());
  }

  @Test
  void withoutAnArrivalATransportErrorMayHaveArrived() {
    // The safe default: nothing may be retried on the strength of an unknown arrival.
    assertEquals(
        TransportException.Arrival.MAY_HAVE_ARRIVED, new TransportException(CALL).arrival());
    assertEquals(
        TransportException.Arrival.MAY_HAVE_ARRIVED,
        new TransportException(CALL, new IOException("x")).arrival());
  }

  @Test
  void markedDeadNamesTheExecutionManagerUnsigned() {
    MarkedDeadException e = new MarkedDeadException(new ExecutionManagerId(-1L));
    assertEquals("execution manager " + U64_MAX + " is marked dead by storage", e.getMessage());
    assertEquals(new ExecutionManagerId(-1L), e.emId());
  }

  @Test
  void anIllegalIdNamesTheIdAndTheReason() {
    IllegalIdException e = new IllegalIdException(new ExecutionManagerId(-2L), "never registered");
    assertEquals(
        "execution manager id 18446744073709551614 rejected by storage: never registered",
        e.getMessage());
    assertEquals(new ExecutionManagerId(-2L), e.emId());
  }

  @Test
  void messagesBuiltFromIdRecordsAreUnsigned() {
    // The convention for the free-text kinds: the client concatenates the ID records.
    TransportException e =
        new TransportException("heartbeat(em " + new ExecutionManagerId(-1L) + "): timed out");
    assertEquals("heartbeat(em " + U64_MAX + "): timed out", e.getMessage());
  }

  @Test
  void transportAndServerKeepTheirCause() {
    IOException io = new IOException("connection reset");
    assertSame(io, new TransportException(CALL, io).getCause());
    assertSame(io, new ServerException(CALL, io).getCause());
    assertSame(io, new SchedulerProtocolException(CALL, io).getCause());
  }

  @Test
  void nullsAreRefused() {
    assertThrows(NullPointerException.class, () -> new TransportException(null));
    assertThrows(NullPointerException.class, () -> new CacheStaleException(null));
    assertThrows(NullPointerException.class, () -> new MarkedDeadException(null));
    assertThrows(
        NullPointerException.class, () -> new StaleSessionException(CALL, null, new SessionId(1)));
    assertThrows(
        NullPointerException.class,
        () -> new StaleSessionException(CALL, new SessionId(1), (Optional<SessionId>) null));
    assertThrows(
        NullPointerException.class,
        () -> new TransportException(CALL, (TransportException.Arrival) null));
    assertThrows(
        NullPointerException.class, () -> new IllegalIdException(new ExecutionManagerId(1), null));
  }
}
