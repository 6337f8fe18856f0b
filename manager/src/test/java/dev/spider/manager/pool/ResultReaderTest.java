package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Response;
import dev.spider.tdl.Version;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultReaderTest {

  private static final long SEQ = 7;
  private static final String REQUEST = "pkg/add (ctx 0 B, inputs 0 B)";

  private final ExecutorEvents events = new ExecutorEvents();
  private final ResultReader reader = new ResultReader("executor-1", events);

  private static ExecutorEvent.Frame result(long seq, boolean success, byte[] payload) {
    return new ExecutorEvent.Frame(new Response.Result(seq, success, payload, 12));
  }

  private static String endedCause(ResultReader.Reading reading) {
    return assertInstanceOf(ResultReader.Ended.class, reading).cause();
  }

  private static Outcome answer(ResultReader.Reading reading) {
    return assertInstanceOf(ResultReader.Answer.class, reading).outcome();
  }

  @Test
  void aSuccessfulResultIsTheSuccess() throws InterruptedException {
    Outcome outcome = answer(reader.read(result(SEQ, true, new byte[] {1, 2}), SEQ, REQUEST));
    Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
    assertArrayEquals(new byte[] {1, 2}, success.outputs());
    assertEquals(12, success.elapsedMicros());
  }

  @Test
  void aFailedResultIsTheInTaskFailureItCarries() throws InterruptedException {
    ExecutorError error = ExecutorError.of(ErrorKind.UNCAUGHT_EXCEPTION, "boom");
    ExecutorEvent.Frame frame = result(SEQ, false, ProtocolCodec.encodeError(error));
    Outcome outcome = answer(reader.read(frame, SEQ, REQUEST));
    assertEquals(error, assertInstanceOf(Outcome.InTaskFailure.class, outcome).error());
  }

  @Test
  void anUnreadableFailureIsACrash() throws InterruptedException {
    ExecutorEvent.Frame unreadable = result(SEQ, false, new byte[] {(byte) 0xc1});
    String cause = endedCause(reader.read(unreadable, SEQ, REQUEST));
    assertTrue(cause.startsWith("broken failure payload: "), cause);
  }

  @Test
  void anyOtherFrameIsAProtocolViolation() throws InterruptedException {
    String otherSeq = endedCause(reader.read(result(SEQ + 1, true, new byte[0]), SEQ, REQUEST));
    assertTrue(otherSeq.startsWith("protocol violation: expected the Result of seq 7"), otherSeq);
    ExecutorEvent.Frame hello =
        new ExecutorEvent.Frame(new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, 1));
    String secondHello = endedCause(reader.read(hello, SEQ, REQUEST));
    assertTrue(secondHello.contains("Hello"), secondHello);
  }

  @Test
  void aResultWrittenJustBeforeTheExitStillCountsAndTheExitStaysForTheNextRequest()
      throws InterruptedException {
    events.add(result(SEQ, true, new byte[] {9}));
    Outcome outcome = answer(reader.read(new ExecutorEvent.Exited(0), SEQ, REQUEST));
    assertInstanceOf(Outcome.Success.class, outcome);
    assertEquals(Optional.of(new ExecutorEvent.Exited(0)), events.peek());
  }

  @Test
  void onceTheExitAndStdoutsEndWereSeenNothingMoreIsAwaited() throws InterruptedException {
    events.add(new ExecutorEvent.Exited(134));
    ExecutorEvent.Frame late = result(SEQ, true, new byte[0]);
    events.add(late); // cannot happen for real; shows that the reader stopped before it
    String cause = endedCause(reader.read(new ExecutorEvent.StdoutEnded(), SEQ, REQUEST));
    assertEquals(
        "executor ended while running " + REQUEST + " (process exited with status 134)", cause);
    assertEquals(Optional.of(late), events.peek());
  }

  @Test
  void aBrokenFrameEndsStdoutAndTheExitNamesTheEnd() throws InterruptedException {
    events.add(new ExecutorEvent.Exited(3));
    ExecutorEvent broken = new ExecutorEvent.Broken(new ProtocolException("frame length 0"));
    String cause = endedCause(reader.read(broken, SEQ, REQUEST));
    assertTrue(cause.endsWith("(process exited with status 3)"), cause);
    assertEquals(Optional.empty(), events.peek());
  }

  @Test
  void withoutAnExitTheReaderGivesUpAfterTheDrain() throws InterruptedException {
    String cause = endedCause(reader.read(new ExecutorEvent.StdoutEnded(), SEQ, REQUEST));
    assertTrue(cause.endsWith("(stdout ended)"), cause);
  }
}
