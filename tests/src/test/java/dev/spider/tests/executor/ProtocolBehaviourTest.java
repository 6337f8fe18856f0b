package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** The frame protocol's rules (docs/frame-protocol.md), exercised against a real executor. */
class ProtocolBehaviourTest {

  private static final String PKG = SamplePackages.JAR_TASKS;

  /** A frame limit that tests exceed cheaply: the smallest an executor accepts. */
  private static final int SMALL_FRAME_LIMIT = FrameLimits.SMALLEST_MAX_FRAME_BYTES;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // description, request body as hex, expected seq
    "unknown tag with uint seq, 92 09 07, 7",
    "Execute with too few elements, 93 00 05 a3 706b67, 5",
    "package sent as bin, 96 00 06 c4 03 706b67 a1 74 c4 00 c4 00, 6",
    "raw_ctx sent as str, 96 00 08 a3 706b67 a1 74 a0 c4 00, 8",
    "raw_inputs sent as array, 96 00 09 a3 706b67 a1 74 c4 00 90, 9",
    "task name not UTF-8, 96 00 0a a3 706b67 a2 fffe c4 00 c4 00, 10",
    "trailing bytes after a Shutdown, 91 01 c0, 0",
    "a bare integer, 2a, 0",
    "negative seq, 93 03 ff a3 706b67, 0",
    "seq that is a string, 93 03 a1 78 a3 706b67, 0",
    "Describe with a missing package, 92 03 0b, 11",
    "empty array, 90, 0",
  })
  void wellFormedButWrongRequestsAreInvalidRequestsWithTheirSeq(String what, String hex, long seq)
      throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(HexFormat.of().parseHex(hex.replace(" ", "")));
      Response.Result result = executor.result(seq);
      assertEquals(ErrorKind.INVALID_REQUEST, error(result).kind(), what);
      // The executor carries on.
      Response.Result next =
          executor.call(
              PKG,
              "add",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 2L), Tdl.encode(Long.class, 3L)));
      assertEquals(5L, Tdl.singleOutput(next.payload(), Long.class));
    }
  }

  @Test
  void garbageFrameIsAnUnreadableStream() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(new byte[] {(byte) 0xc1}); // 0xc1 is never used in MessagePack
      assertEquals(ExitStatus.UNREADABLE_STREAM.code(), executor.exitStatus());
      assertTrue(executor.noFurtherFrames());
    }
  }

  @Test
  void truncatedMessagePackValueIsAnUnreadableStream() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(HexFormat.of().parseHex("9600"));
      assertEquals(ExitStatus.UNREADABLE_STREAM.code(), executor.exitStatus());
    }
  }

  @Test
  void zeroLengthFrameIsAnUnreadableStream() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long length = 0;
      executor.sendHeaderOnly(length);
      assertEquals(ExitStatus.UNREADABLE_STREAM.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr("frame length " + length), executor::stderrText);
    }
  }

  @Test
  void oversizeLengthIsRefusedBeforeTheBodyArrives() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      // Declares ~2 GiB and sends no body: the executor must refuse from the header alone.
      long length = Integer.MAX_VALUE;
      executor.sendHeaderOnly(length);
      assertEquals(ExitStatus.UNREADABLE_STREAM.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr(String.valueOf(length)), executor::stderrText);
    }
  }

  @Test
  void frameLimitFollowsTheEnvironment() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start(withSmallFrameLimit())) {
      executor.hello();
      executor.sendHeaderOnly(SMALL_FRAME_LIMIT + 1L);
      assertEquals(ExitStatus.UNREADABLE_STREAM.code(), executor.exitStatus());
    }
  }

  @Test
  void outputsBeyondTheFrameLimitAreOutputTooLarge() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start(withSmallFrameLimit())) {
      executor.hello();
      // Bytes sent as bin (one byte each) come back as an array of uints 0xff (two bytes each):
      // the request fits the frame limit, the outputs do not.
      byte[] bytes = new byte[SMALL_FRAME_LIMIT * 5 / 8];
      Arrays.fill(bytes, (byte) 0xff);
      Response.Result result =
          executor.call(PKG, "echo_bytes", Tdl.indexContext(), Tdl.inputs(asBin(bytes)));
      assertEquals(ErrorKind.OUTPUT_TOO_LARGE, error(result).kind());
    }
  }

  @Test
  void shutdownWhileIdleExitsOrderly() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.send(new Request.Shutdown());
      assertEquals(ExitStatus.ORDERLY.code(), executor.exitStatus());
      assertTrue(executor.noFurtherFrames());
    }
  }

  @Test
  void shutdownMidTaskInterruptsItWritesItsResultAndExitsOrderly() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq = startSleepingTask(executor);
      executor.send(new Request.Shutdown());
      Response.Result result = executor.result(seq);
      assertEquals(ErrorKind.INTERRUPTED, error(result).kind());
      assertEquals(ExitStatus.ORDERLY.code(), executor.exitStatus());
    }
  }

  @Test
  void eofWhileIdleExitsOrderly() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.closeStdin();
      assertEquals(ExitStatus.ORDERLY.code(), executor.exitStatus());
    }
  }

  @Test
  void eofMidTaskHaltsEvenIfTheTaskNeverReturns() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      String task = "spin_forever";
      long seq = executor.execute(PKG, task, Tdl.indexContext(), Tdl.noInputs());
      assertTrue(executor.awaitStderr(ExecutorLogText.taskStart(seq, PKG, task)), "task started");
      executor.closeStdin();
      executor.exitStatus(); // bounded: fails the test if the executor does not exit
      assertFalse(executor.process().isAlive());
    }
  }

  @Test
  void aStrayNonDaemonThreadDoesNotDelayShutdown() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      Response.Result result =
          executor.call(PKG, "leave_non_daemon_thread", Tdl.indexContext(), Tdl.noInputs());
      assertTrue(result.success(), () -> "leave_non_daemon_thread failed: " + result);
      executor.send(new Request.Shutdown());
      assertEquals(ExitStatus.ORDERLY.code(), executor.exitStatus());
    }
  }

  @Test
  void interruptReachesTheRunningTaskOnly() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq = startSleepingTask(executor);
      executor.send(new Request.Interrupt(seq));
      ExecutorError error = error(executor.result(seq));
      assertEquals(ErrorKind.INTERRUPTED, error.kind());

      // An Interrupt for a finished task is ignored: the next task runs to completion.
      executor.send(new Request.Interrupt(seq));
      Response.Result next =
          executor.call(
              PKG,
              "sleep_honouring_interrupts",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 200L)));
      assertTrue(next.success(), () -> "the next task was interrupted: " + next);
    }
  }

  @Test
  void interruptForAnotherSeqIsIgnored() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq =
          executor.execute(
              PKG,
              "sleep_honouring_interrupts",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 300L)));
      executor.send(new Request.Interrupt(seq + 100));
      assertTrue(executor.result(seq).success());
    }
  }

  @Test
  void missingPackageDirectoryIsABadConfiguration() throws Exception {
    Path missing = Path.of("/nonexistent/spider-packages");
    try (ExecutorProcess executor = ExecutorProcess.start(ExecutorSetup.over(missing))) {
      assertEquals(ExitStatus.BAD_CONFIGURATION.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr(missing.toString()), executor::stderrText);
    }
  }

  @Test
  void unsetPackageDirectoryIsABadConfiguration() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start(ExecutorSetup.withoutPackageDir())) {
      assertEquals(ExitStatus.BAD_CONFIGURATION.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr(ExecutorEnvironment.PACKAGE_DIR), executor::stderrText);
    }
  }

  @Test
  void badFrameLimitIsABadConfiguration() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(
            ExecutorSetup.samplePackages().with(ExecutorEnvironment.MAX_FRAME_BYTES, "lots"))) {
      assertEquals(ExitStatus.BAD_CONFIGURATION.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr(ExecutorEnvironment.MAX_FRAME_BYTES), executor::stderrText);
    }
  }

  @Test
  void requestsAreAnsweredInArrivalOrder() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long[] seqs = new long[5];
      for (int i = 0; i < seqs.length; i++) {
        seqs[i] =
            executor.execute(
                PKG,
                "add",
                Tdl.indexContext(),
                Tdl.inputs(Tdl.encode(Long.class, (long) i), Tdl.encode(Long.class, 1L)));
      }
      for (int i = 0; i < seqs.length; i++) {
        Response.Result result = executor.result(seqs[i]);
        assertEquals(i + 1L, Tdl.singleOutput(result.payload(), Long.class));
      }
    }
  }

  private static ExecutorSetup withSmallFrameLimit() {
    return ExecutorSetup.samplePackages()
        .with(ExecutorEnvironment.MAX_FRAME_BYTES, String.valueOf(SMALL_FRAME_LIMIT));
  }

  /** {@code bytes} as one MessagePack bin value. */
  private static byte[] asBin(byte[] bytes) throws IOException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packBinaryHeader(bytes.length).writePayload(bytes);
      return packer.toByteArray();
    }
  }

  /** Starts a task that sleeps until interrupted and returns its seq once it runs. */
  private static long startSleepingTask(ExecutorProcess executor) throws Exception {
    String task = "sleep_honouring_interrupts";
    long seq =
        executor.execute(
            PKG, task, Tdl.indexContext(), Tdl.inputs(Tdl.encode(Long.class, 600_000L)));
    assertTrue(executor.awaitStderr(ExecutorLogText.taskStart(seq, PKG, task)), "task started");
    return seq;
  }
}
