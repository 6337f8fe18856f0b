package dev.spider.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.frame.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the request reader makes of a byte stream, down to whatever its decoding throws. */
class RequestReaderTest {

  private final RunningTask running = new RunningTask();

  @Test
  void anInterruptReachesTheRunningTaskAndReadingGoesOn() throws IOException {
    Request.Execute execute = new Request.Execute(8, "pkg", "task", new byte[0], new byte[0]);
    RequestReader reader = reader(frames(new Request.Interrupt(7), execute));
    running.begin(7);
    try {
      Intake.Run run = assertInstanceOf(Intake.Run.class, reader.next());
      assertEquals(execute, run.received().request());
      assertTrue(Thread.currentThread().isInterrupted(), "the Interrupt reached seq 7's thread");
      assertTrue(running.interruptReached());
    } finally {
      running.end();
    }
    assertFalse(Thread.currentThread().isInterrupted(), "end() clears the interrupt status");
  }

  @Test
  void anInterruptForAnotherSeqReachesNobody() throws IOException {
    RequestReader reader = reader(frames(new Request.Interrupt(9)));
    running.begin(7);
    try {
      assertInstanceOf(Intake.End.class, reader.next());
      assertFalse(running.interruptReached());
      assertFalse(Thread.currentThread().isInterrupted());
    } finally {
      running.end();
    }
  }

  @Test
  void shutdownInterruptsTheRunningTaskAndLaterFramesAreDropped() throws IOException {
    RequestReader reader = reader(frames(new Request.Shutdown(), new Request.Describe(3, "pkg")));
    running.begin(1);
    try {
      assertInstanceOf(Intake.Shutdown.class, reader.next());
      assertTrue(running.interruptReached());
    } finally {
      running.end();
    }
    assertInstanceOf(Intake.End.class, reader.next(), "the Describe after Shutdown is dropped");
  }

  @Test
  void aWellFormedButWrongRequestIsRunAsInvalidWithItsSeq() throws IOException {
    byte[] unknownTag = {(byte) 0x92, 0x09, 0x07};
    Intake.Run run =
        assertInstanceOf(Intake.Run.class, reader(FrameWriter.frame(unknownTag)).next());
    Request.Invalid invalid = assertInstanceOf(Request.Invalid.class, run.received().request());
    assertEquals(7, invalid.seq());
  }

  @Test
  void bytesThatAreNotMessagePackAreUnreadable() {
    assertInstanceOf(
        Intake.Unreadable.class, reader(FrameWriter.frame(new byte[] {(byte) 0xc1})).next());
  }

  @Test
  void aMapDeclaringTwoBillionEntriesIsUnreadableOrInvalidAndNeverThrows() {
    Intake intake =
        reader(
                FrameWriter.frame(
                    new byte[] {(byte) 0xdf, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
            .next();
    assertFalse(
        intake instanceof Intake.End || intake instanceof Intake.Shutdown, intake::toString);
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {1_000, 100_000, 1_000_000})
  void deepNestingIsUnreadableOrInvalidAndNeverThrows(int depth) {
    byte[] body = new byte[depth + 1];
    Arrays.fill(body, (byte) 0x91); // an array of one element, nested
    body[depth] = (byte) 0xc0;
    Intake intake = reader(FrameWriter.frame(body)).next();
    assertTrue(
        intake instanceof Intake.Unreadable || isInvalid(intake),
        () -> "nesting " + depth + " deep gave " + intake);
  }

  @Test
  void aCleanEndIsEnd() {
    assertInstanceOf(Intake.End.class, reader(new byte[0]).next());
  }

  @Test
  void aTruncatedFrameIsUnreadable() {
    Intake.Unreadable unreadable =
        assertInstanceOf(Intake.Unreadable.class, reader(new byte[] {0, 0, 0, 9, 1}).next());
    assertTrue(unreadable.reason().contains("truncated"), unreadable.reason());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"IOException", "IllegalStateException", "StackOverflowError", "OutOfMemoryError"})
  void whateverTheStreamThrowsIsUnreadableAndNamesIt(String which) {
    Supplier<Throwable> thrown =
        switch (which) {
          case "IOException" -> () -> new IOException("pipe broke");
          case "IllegalStateException" -> () -> new IllegalStateException("bug");
          case "StackOverflowError" -> StackOverflowError::new;
          default -> () -> new OutOfMemoryError("declared size");
        };
    InputStream throwing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            Throwable t = thrown.get();
            if (t instanceof IOException e) {
              throw e;
            }
            if (t instanceof RuntimeException e) {
              throw e;
            }
            throw (Error) t;
          }
        };
    RequestReader reader =
        new RequestReader(new FrameReader(throwing, FrameLimits.DEFAULT_MAX_FRAME_BYTES), running);
    Intake.Unreadable unreadable = assertInstanceOf(Intake.Unreadable.class, reader.next());
    assertTrue(unreadable.reason().contains(which), unreadable.reason());
  }

  private static boolean isInvalid(Intake intake) {
    return intake instanceof Intake.Run run && run.received().request() instanceof Request.Invalid;
  }

  private RequestReader reader(byte[] stream) {
    return new RequestReader(
        new FrameReader(new ByteArrayInputStream(stream), FrameLimits.DEFAULT_MAX_FRAME_BYTES),
        running);
  }

  private static byte[] frames(Request... requests) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Request request : requests) {
      out.write(FrameWriter.frame(ProtocolCodec.encode(request)));
    }
    return out.toByteArray();
  }
}
