package dev.spider.manager.client;

import static dev.spider.manager.client.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.spider.tdl.TaskId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.exceptions.base.MockitoException;

/**
 * How a caller reacts to each error kind, as the clients' Javadoc documents it, against
 * Mockito-mocked clients. {@link Reactions} is the kind of code the runtime loop will hold.
 */
final class ErrorReactionsTest {

  private static final ExecutionManagerId EM = new ExecutionManagerId(2);
  private static final SessionId SESSION = new SessionId(5);
  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final InetAddress IP = InetAddress.getLoopbackAddress();
  private static final TaskAssignment ASSIGNMENT = assignment(TaskId.index(3));
  private static final String CALL = "registerTaskInstance(job 7, task Index(3), em 2, session 5)";
  private static final ExecutionContext CONTEXT =
      ExecutionContext.of(
          new JobId(7),
          TaskId.index(3),
          new TaskInstanceId(9),
          new TaskFunction("integration_test_tasks", "sum"),
          TimeoutPolicy.hardOnly(Duration.ofSeconds(5)),
          hex("00000000"));
  private static final byte[] ONE_OUTPUT = hex("01000000 01000000 03");

  private SchedulerClient scheduler;
  private StorageClient storage;
  private LivenessClient liveness;
  private Reactions reactions;

  private static TaskAssignment assignment(TaskId taskId) {
    return new TaskAssignment(
        new AssignmentId(11),
        new ResourceGroupId(1),
        new JobId(7),
        taskId,
        SESSION,
        new SchedulerId(4));
  }

  /**
   * The documented reactions, written once as a runtime loop would write them. Backoff delays are
   * recorded instead of slept, so the tests never wait.
   */
  private static final class Reactions {

    static final int MAX_ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    final SchedulerClient scheduler;
    final StorageClient storage;
    final LivenessClient liveness;
    ExecutionManagerId emId = EM;
    SessionId session = SESSION;
    Optional<ConsumedAssignment> unacknowledged = Optional.empty();
    final List<ConsumedAssignment> acknowledgements = new ArrayList<>();
    final List<Duration> backoffs = new ArrayList<>();

    Reactions(SchedulerClient scheduler, StorageClient storage, LivenessClient liveness) {
      this.scheduler = scheduler;
      this.storage = storage;
      this.liveness = liveness;
    }

    /** Polls once; an acknowledgement that may not have arrived is sent again on the next poll. */
    Optional<TaskAssignment> poll() throws InterruptedException {
      try {
        Optional<TaskAssignment> next = scheduler.nextTask(emId, unacknowledged, WAIT);
        unacknowledged = Optional.empty();
        return next;
      } catch (TransportException | ServerException | SchedulerProtocolException e) {
        backoffs.add(FIRST_BACKOFF); // keep `unacknowledged` for the next poll
        return Optional.empty();
      }
    }

    /**
     * Registers the assignment: its context to run, or empty when the task is to be dropped.
     *
     * @throws ServerException fatal: the runtime loop stops
     * @throws TransportException storage stayed unreachable for {@link #MAX_ATTEMPTS} attempts
     */
    Optional<ExecutionContext> registerOrDrop(TaskAssignment a)
        throws ServerException, TransportException, InterruptedException {
      Duration backoff = FIRST_BACKOFF;
      for (int attempt = 1; ; attempt++) {
        try {
          ExecutionContext context =
              storage.registerTaskInstance(a.jobId(), a.taskId(), emId, a.sessionId());
          consumed(a);
          return Optional.of(context);
        } catch (StaleSessionException e) {
          refreshSession();
          consumed(a);
          return Optional.empty();
        } catch (CacheStaleException e) {
          consumed(a);
          return Optional.empty();
        } catch (TransportException e) {
          if (attempt == MAX_ATTEMPTS) {
            throw e;
          }
          backoffs.add(backoff);
          backoff = backoff.multipliedBy(2);
        } catch (ServerException e) {
          consumed(a);
          throw e;
        }
      }
    }

    /** Reports a success; what cannot be reported is dropped, never retried forever. */
    void reportSuccess(TaskAssignment a, ExecutionContext context, byte[] executorOutputs)
        throws InterruptedException {
      Optional<TaskOutputs> outputs = TaskOutputs.forReport(a.taskId(), executorOutputs);
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          storage.reportTaskSuccess(
              a.jobId(), a.taskId(), context.taskInstanceId(), emId, a.sessionId(), outputs);
          return;
        } catch (StaleSessionException e) {
          refreshSession();
          return;
        } catch (CacheStaleException | ServerException e) {
          return;
        } catch (TransportException e) {
          backoffs.add(FIRST_BACKOFF.multipliedBy(attempt));
        } catch (InvalidInputException e) {
          reportFailure(a, context, "cannot report success: " + e.getMessage());
          return;
        }
      }
    }

    void reportFailure(TaskAssignment a, ExecutionContext context, String message)
        throws InterruptedException {
      try {
        storage.reportTaskFailure(
            a.jobId(), a.taskId(), context.taskInstanceId(), emId, a.sessionId(),
            TaskFailure.deterministic(message));
      } catch (StaleSessionException e) {
        refreshSession();
      } catch (CacheStaleException | TransportException | ServerException e) {
        // dropped (a real loop retries transport errors as reportSuccess does)
      }
    }

    /** Learns the current session; starts over under a new id when storage disowns this one. */
    void refreshSession() throws InterruptedException {
      try {
        SessionId current = liveness.heartbeat(emId);
        if (session.isBefore(current)) {
          session = current;
        }
      } catch (MarkedDeadException | IllegalIdException e) {
        reregister();
      } catch (TransportException e) {
        // keep the session; heartbeat again at the next tick
      }
    }

    private void reregister() throws InterruptedException {
      try {
        Registration registration = liveness.register(IP);
        emId = registration.emId();
        session = registration.sessionId();
      } catch (TransportException e) {
        // retried at the next tick
      }
    }

    private void consumed(TaskAssignment a) {
      acknowledgements.add(a.consumed());
    }
  }

  @BeforeEach
  void mocks() {
    scheduler = mock(SchedulerClient.class);
    storage = mock(StorageClient.class);
    liveness = mock(LivenessClient.class);
    reactions = new Reactions(scheduler, storage, liveness);
  }

  // ---- registerTaskInstance -------------------------------------------------------------------

  @Test
  void aRegisteredTaskRunsAndItsAssignmentIsAcknowledged() throws Exception {
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
        .thenReturn(CONTEXT);

    assertEquals(Optional.of(CONTEXT), reactions.registerOrDrop(ASSIGNMENT));
    assertEquals(List.of(ASSIGNMENT.consumed()), reactions.acknowledgements);
    verifyNoInteractions(liveness);
  }

  @Test
  void staleSessionRefreshesTheSessionAndDropsTheTask() throws Exception {
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
        .thenThrow(new StaleSessionException(CALL, SESSION, new SessionId(6)));
    when(liveness.heartbeat(EM)).thenReturn(new SessionId(6));

    assertEquals(Optional.empty(), reactions.registerOrDrop(ASSIGNMENT));
    assertEquals(new SessionId(6), reactions.session);
    assertEquals(List.of(ASSIGNMENT.consumed()), reactions.acknowledgements);
    verify(storage, times(1)).registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION);
    verify(liveness).heartbeat(EM);
    verifyNoMoreInteractions(liveness);
  }

  @Test
  void cacheStaleDropsTheTaskWithoutARefresh() throws Exception {
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
        .thenThrow(new CacheStaleException(CALL + ": job 7 already ended"));

    assertEquals(Optional.empty(), reactions.registerOrDrop(ASSIGNMENT));
    assertEquals(List.of(ASSIGNMENT.consumed()), reactions.acknowledgements);
    assertEquals(SESSION, reactions.session);
    verify(storage, times(1)).registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION);
    verifyNoInteractions(liveness);
  }

  @Test
  void transportErrorsAreRetriedWithBackoffAndTheSameArguments() throws Exception {
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
        .thenThrow(new TransportException(CALL + ": connection refused"))
        .thenThrow(new TransportException(CALL + ": timed out"))
        .thenReturn(CONTEXT);

    assertEquals(Optional.of(CONTEXT), reactions.registerOrDrop(ASSIGNMENT));
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), reactions.backoffs);
    assertEquals(List.of(ASSIGNMENT.consumed()), reactions.acknowledgements);
    verify(storage, times(3)).registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION);
    verifyNoInteractions(liveness);
  }

  @Test
  void transportErrorsThatPersistGiveUpWithoutConsumingTheAssignment() throws Exception {
    TransportException last = new TransportException(CALL + ": still refused");
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
        .thenThrow(new TransportException(CALL + ": refused"))
        .thenThrow(new TransportException(CALL + ": refused"))
        .thenThrow(last);

    assertSame(
        last, assertThrows(TransportException.class, () -> reactions.registerOrDrop(ASSIGNMENT)));
    assertEquals(List.of(), reactions.acknowledgements);
    assertEquals(Reactions.MAX_ATTEMPTS - 1, reactions.backoffs.size());
  }

  @Test
  void aServerErrorStopsTheLoopWithoutRetrying() throws Exception {
    ServerException error = new ServerException(CALL + ": internal error");
    when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION)).thenThrow(error);

    assertSame(
        error, assertThrows(ServerException.class, () -> reactions.registerOrDrop(ASSIGNMENT)));
    assertEquals(List.of(ASSIGNMENT.consumed()), reactions.acknowledgements);
    assertEquals(List.of(), reactions.backoffs);
    verify(storage, times(1)).registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION);
  }

  // ---- liveness -------------------------------------------------------------------------------

  @Test
  void markedDeadMeansRegisteringAgainUnderANewId() throws Exception {
    when(liveness.heartbeat(EM)).thenThrow(new MarkedDeadException(EM));
    when(liveness.register(IP))
        .thenReturn(new Registration(new ExecutionManagerId(3), new SessionId(8)));

    reactions.refreshSession();

    assertEquals(new ExecutionManagerId(3), reactions.emId);
    assertEquals(new SessionId(8), reactions.session);
  }

  @Test
  void anIllegalIdMeansRegisteringAgainToo() throws Exception {
    when(liveness.heartbeat(EM)).thenThrow(new IllegalIdException(EM, "unknown execution manager"));
    when(liveness.register(IP))
        .thenReturn(new Registration(new ExecutionManagerId(3), new SessionId(8)));

    reactions.refreshSession();

    assertEquals(new ExecutionManagerId(3), reactions.emId);
    verify(liveness, times(1)).heartbeat(EM);
  }

  @Test
  void aHeartbeatTransportErrorKeepsIdAndSession() throws Exception {
    when(liveness.heartbeat(EM)).thenThrow(new TransportException("heartbeat(em 2): timed out"));

    reactions.refreshSession();

    assertEquals(EM, reactions.emId);
    assertEquals(SESSION, reactions.session);
    verify(liveness, never()).register(any());
  }

  @Test
  void anOlderSessionFromAHeartbeatIsIgnored() throws Exception {
    when(liveness.heartbeat(EM)).thenReturn(new SessionId(4));

    reactions.refreshSession();

    assertEquals(SESSION, reactions.session);
  }

  // ---- reports --------------------------------------------------------------------------------

  @Test
  void aGraphTaskReportsItsOutputs() throws Exception {
    reactions.reportSuccess(ASSIGNMENT, CONTEXT, ONE_OUTPUT);

    verify(storage)
        .reportTaskSuccess(
            new JobId(7),
            TaskId.index(3),
            new TaskInstanceId(9),
            EM,
            SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));
  }

  @Test
  void theCommitTaskReportsNoOutputs() throws Exception {
    TaskAssignment commit = assignment(TaskId.COMMIT);
    ExecutionContext context =
        ExecutionContext.forCommit(
            new JobId(7),
            new TaskInstanceId(9),
            CONTEXT.function(),
            CONTEXT.timeoutPolicy(),
            hex("00000000"),
            hex("00 00000000"));

    reactions.reportSuccess(commit, context, ONE_OUTPUT);

    verify(storage)
        .reportTaskSuccess(
            new JobId(7), TaskId.COMMIT, new TaskInstanceId(9), EM, SESSION, Optional.empty());
  }

  @Test
  void invalidInputIsReportedAsAFailureInstead() throws Exception {
    doThrow(new InvalidInputException("reportTaskSuccess(job 7, task Index(3)): refused"))
        .when(storage)
        .reportTaskSuccess(
            new JobId(7),
            TaskId.index(3),
            new TaskInstanceId(9),
            EM,
            SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));

    reactions.reportSuccess(ASSIGNMENT, CONTEXT, ONE_OUTPUT);

    verify(storage, times(1)).reportTaskSuccess(any(), any(), any(), any(), any(), any());
    verify(storage)
        .reportTaskFailure(
            new JobId(7),
            TaskId.index(3),
            new TaskInstanceId(9),
            EM,
            SESSION,
            TaskFailure.deterministic(
                "cannot report success: reportTaskSuccess(job 7, task Index(3)): refused"));
  }

  @Test
  void aStaleReportIsDroppedAfterARefreshAndNeverRetried() throws Exception {
    doThrow(new StaleSessionException("reportTaskSuccess(job 7)", SESSION, new SessionId(6)))
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());
    when(liveness.heartbeat(EM)).thenReturn(new SessionId(6));

    reactions.reportSuccess(ASSIGNMENT, CONTEXT, ONE_OUTPUT);

    verify(storage, times(1)).reportTaskSuccess(any(), any(), any(), any(), any(), any());
    verify(storage, never()).reportTaskFailure(any(), any(), any(), any(), any(), any());
    assertEquals(new SessionId(6), reactions.session);
  }

  @Test
  void aReportForAnEndedJobIsDropped() throws Exception {
    doThrow(new CacheStaleException("reportTaskFailure(job 7): job ended"))
        .when(storage)
        .reportTaskFailure(
            any(), any(), any(), any(), any(),
            org.mockito.ArgumentMatchers.argThat(f -> f.message().startsWith("hard timeout")));

    reactions.reportFailure(ASSIGNMENT, CONTEXT, "hard timeout (5000 ms) exceeded");

    verify(storage, times(1)).reportTaskFailure(any(), any(), any(), any(), any(), any());
    verifyNoInteractions(liveness);
  }

  @Test
  void aReportIsResentAfterATransportError() throws Exception {
    doThrow(new TransportException("reportTaskSuccess(job 7): reset"))
        .doNothing() // the second attempt succeeds
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());

    reactions.reportSuccess(ASSIGNMENT, CONTEXT, ONE_OUTPUT);

    verify(storage, times(2))
        .reportTaskSuccess(
            new JobId(7),
            TaskId.index(3),
            new TaskInstanceId(9),
            EM,
            SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));
    assertEquals(1, reactions.backoffs.size());
  }

  // ---- scheduler ------------------------------------------------------------------------------

  @Test
  void anAcknowledgementIsSentAgainAfterAFailedPoll() throws Exception {
    ConsumedAssignment ack = ASSIGNMENT.consumed();
    reactions.unacknowledged = Optional.of(ack);
    when(scheduler.nextTask(EM, Optional.of(ack), WAIT))
        .thenThrow(new TransportException("nextTask(em 2): connection refused"))
        .thenReturn(Optional.of(ASSIGNMENT));

    assertEquals(Optional.empty(), reactions.poll());
    assertEquals(Optional.of(ASSIGNMENT), reactions.poll());
    assertEquals(Optional.empty(), reactions.unacknowledged);

    verify(scheduler, times(2)).nextTask(EM, Optional.of(ack), WAIT);
    assertEquals(1, reactions.backoffs.size());
  }

  @Test
  void aProtocolErrorIsBackedOffLikeATransportError() throws Exception {
    when(scheduler.nextTask(EM, Optional.empty(), WAIT))
        .thenThrow(new SchedulerProtocolException("nextTask(em 2): reply is not an assignment"));

    assertEquals(Optional.empty(), reactions.poll());
    assertEquals(List.of(Reactions.FIRST_BACKOFF), reactions.backoffs);
  }

  // ---- the contract binds fakes too -----------------------------------------------------------

  @Test
  void aMockCannotThrowAKindTheMethodDoesNotDeclare() throws Exception {
    // registerTaskInstance never raises InvalidInput, so even a fake may not.
    MockitoException e =
        assertThrows(
            MockitoException.class,
            () ->
                when(storage.registerTaskInstance(new JobId(7), TaskId.index(3), EM, SESSION))
                    .thenThrow(new InvalidInputException("x")));
    assertTrue(e.getMessage().contains("Checked exception is invalid"), e.getMessage());
  }
}
