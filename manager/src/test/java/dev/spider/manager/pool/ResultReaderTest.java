package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The caller's read of a Result, over byte streams standing in for an executor's stdout. */
class ResultReaderTest {

  private static final long SEQ = 7;
  private static final String REQUEST = "pkg/add (ctx 0 B, inputs 0 B)";
  private static final int MAX_FRAME = 1 << 20;

  static byte[] result(long seq, boolean success, byte[] payload) {
    return FrameWriter.frame(ProtocolCodec.encode(new Response.Result(seq, success, payload, 12)));
  }

  private static ResultReader.Reading read(byte[] stream) {
    return new ResultReader(new ByteArrayInputStream(stream), MAX_FRAME).read(SEQ, REQUEST);
  }

  private static String brokenCause(ResultReader.Reading reading) {
    return assertInstanceOf(ResultReader.Broken.class, reading).cause();
  }

  private static Outcome answer(ResultReader.Reading reading) {
    return assertInstanceOf(ResultReader.Answer.class, reading).outcome();
  }

  @Test
  void aSuccessfulResultIsTheSuccess() {
    Outcome outcome = answer(read(result(SEQ, true, new byte[] {1, 2})));
    Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
    assertArrayEquals(new byte[] {1, 2}, success.outputs());
    assertEquals(12, success.elapsedMicros());
  }

  @Test
  void aFailedResultIsTheInTaskFailureItCarries() {
    ExecutorError error = ExecutorError.of(ErrorKind.UNCAUGHT_EXCEPTION, "boom");
    Outcome outcome = answer(read(result(SEQ, false, ProtocolCodec.encodeError(error))));
    assertEquals(error, assertInstanceOf(Outcome.InTaskFailure.class, outcome).error());
  }

  @Test
  void anUnreadableFailureIsBroken() {
    String cause = brokenCause(read(result(SEQ, false, new byte[] {(byte) 0xc1})));
    assertTrue(cause.startsWith("broken failure payload: "), cause);
  }

  @Test
  void anyOtherFrameIsAProtocolViolation() {
    String otherSeq = brokenCause(read(result(SEQ + 1, true, new byte[0])));
    assertTrue(otherSeq.contains("protocol violation while running " + REQUEST), otherSeq);
    assertTrue(otherSeq.contains("expected the Result of seq 7, got Result{seq=8"), otherSeq);
    byte[] hello =
        FrameWriter.frame(
            ProtocolCodec.encode(
                new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, 1)));
    String secondHello = brokenCause(read(hello));
    assertTrue(secondHello.contains("Hello"), secondHello);
  }

  @Test
  void garbageIsBrokenWithWhatWasWrong() {
    byte[] forged = {0, 0, 0, 5, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1};
    String cause = brokenCause(read(forged));
    assertTrue(cause.contains("undecodable frame of 5 bytes"), cause);
    String huge = brokenCause(read(new byte[] {(byte) 0x80, 0, 0, 0, 1, 2, 3}));
    assertTrue(huge.contains("frame length 2147483648 outside 1.." + MAX_FRAME), huge);
    String truncated = brokenCause(read(new byte[] {0, 0, 0, 9, (byte) 0x95}));
    assertTrue(truncated.contains("truncated frame"), truncated);
  }

  @Test
  void anEndedStreamIsTheEndOfTheExecutor() {
    String cause = assertInstanceOf(ResultReader.Ended.class, read(new byte[0])).cause();
    assertEquals("executor ended while running " + REQUEST + " (stdout ended)", cause);
  }

  @Test
  void aReadErrorEndsTheStreamAndAnUncheckedOneBreaksIt() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Stream closed");
          }
        };
    String cause =
        assertInstanceOf(
                ResultReader.Ended.class, new ResultReader(failing, MAX_FRAME).read(SEQ, REQUEST))
            .cause();
    assertTrue(cause.contains("stdout failed: java.io.IOException: Stream closed"), cause);
    InputStream throwing =
        new InputStream() {
          @Override
          public int read() {
            throw new IllegalStateException("a stream that misbehaves");
          }
        };
    String broken = brokenCause(new ResultReader(throwing, MAX_FRAME).read(SEQ, REQUEST));
    assertTrue(broken.contains("IllegalStateException: a stream that misbehaves"), broken);
  }

  @Test
  void unreadBytesAreSeenWithoutReading() {
    ResultReader idle = new ResultReader(new ByteArrayInputStream(new byte[0]), MAX_FRAME);
    assertFalse(idle.hasUnreadBytes());
    ResultReader spoke = new ResultReader(new ByteArrayInputStream(new byte[] {0}), MAX_FRAME);
    assertTrue(spoke.hasUnreadBytes());
  }
}
