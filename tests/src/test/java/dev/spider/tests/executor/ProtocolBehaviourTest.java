package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The frame protocol's rules, exercised against a real executor process. */
class ProtocolBehaviourTest {

  private static final String PKG = "integration_test_tasks";

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
      Response.Result next = executor.call(PKG, "add", Tdl.indexContext(),
          Tdl.inputs(Tdl.encode(Long.class, 2L), Tdl.encode(Long.class, 3L)));
      assertEquals(5L, Tdl.singleOutput(next.payload(), Long.class));
    }
  }

  @Test
  void garbageFrameExitsWithStatusTwo() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(new byte[] {(byte) 0xc1}); // 0xc1 is never used in MessagePack
      assertEquals(2, executor.exitStatus());
      assertTrue(executor.noFurtherFrames());
    }
  }

  @Test
  void truncatedMessagePackValueExitsWithStatusTwo() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(HexFormat.of().parseHex("9600"));
      assertEquals(2, executor.exitStatus());
    }
  }

  @Test
  void zeroLengthFrameExitsWithStatusTwo() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendRaw(new byte[] {0, 0, 0, 0});
      assertEquals(2, executor.exitStatus());
      assertTrue(executor.stderrText().contains("frame length 0"), executor.stderrText());
    }
  }

  @Test
  void oversizeLengthIsRefusedBeforeTheBodyArrives() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      // Declares ~2 GiB and sends no body: the executor must refuse from the header alone.
      executor.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertEquals(2, executor.exitStatus());
      assertTrue(executor.stderrText().contains("2147483647"), executor.stderrText());
    }
  }

  @Test
  void frameLimitFollowsTheEnvironment() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(TestEnvironment.packagesDir(), Map.of("SPIDER_MAX_FRAME_BYTES", "16384"))) {
      executor.hello();
      executor.sendRaw(new byte[] {0, 0, 0x40, 0x01}); // 16385
      assertEquals(2, executor.exitStatus());
    }
  }

  @Test
  void outputsBeyondTheFrameLimitAreOutputTooLarge() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(TestEnvironment.packagesDir(), Map.of("SPIDER_MAX_FRAME_BYTES", "16384"))) {
      executor.hello();
      // 10000 bytes sent as bin (10 KB) come back as an array of uints 0xff (20 KB): the request
      // fits the 16 KiB frame limit, the outputs do not.
      byte[] bytes = new byte[10000];
      java.util.Arrays.fill(bytes, (byte) 0xff);
      byte[] big = new byte[3 + bytes.length];
      big[0] = (byte) 0xc5;
      big[1] = (byte) (bytes.length >>> 8);
      big[2] = (byte) bytes.length;
      System.arraycopy(bytes, 0, big, 3, bytes.length);
      Response.Result result =
          executor.call(PKG, "echo_bytes", Tdl.indexContext(), Tdl.inputs(big));
      assertEquals(ErrorKind.OUTPUT_TOO_LARGE, error(result).kind());
    }
  }

  @Test
  void shutdownWhileIdleExitsZero() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.send(new Request.Shutdown());
      assertEquals(0, executor.exitStatus());
      assertTrue(executor.noFurtherFrames());
    }
  }

  @Test
  void shutdownMidTaskInterruptsItWritesItsResultAndExitsZero() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq =
          executor.execute(PKG, "sleep_honouring_interrupts", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 600_000L)));
      assertTrue(executor.awaitStderr("seq=" + seq + " pkg=" + PKG), "task started");
      executor.send(new Request.Shutdown());
      Response.Result result = executor.result(seq);
      assertEquals(ErrorKind.INTERRUPTED, error(result).kind());
      assertEquals(0, executor.exitStatus());
    }
  }

  @Test
  void eofWhileIdleExitsZero() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.closeStdin();
      assertEquals(0, executor.exitStatus());
    }
  }

  @Test
  void eofMidTaskHaltsEvenIfTheTaskNeverReturns() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq = executor.execute(PKG, "spin_forever", Tdl.indexContext(), Tdl.noInputs());
      assertTrue(executor.awaitStderr("seq=" + seq + " pkg=" + PKG), "task started");
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
      assertEquals(0, executor.exitStatus());
    }
  }

  @Test
  void interruptReachesTheRunningTaskOnly() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq =
          executor.execute(PKG, "sleep_honouring_interrupts", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 600_000L)));
      assertTrue(executor.awaitStderr("seq=" + seq + " pkg=" + PKG), "task started");
      executor.send(new Request.Interrupt(seq));
      ExecutorError error = error(executor.result(seq));
      assertEquals(ErrorKind.INTERRUPTED, error.kind());

      // An Interrupt for a finished task is ignored: the next task runs to completion.
      executor.send(new Request.Interrupt(seq));
      Response.Result next =
          executor.call(PKG, "sleep_honouring_interrupts", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 200L)));
      assertTrue(next.success(), () -> "the next task was interrupted: " + next);
    }
  }

  @Test
  void interruptForAnotherSeqIsIgnored() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq =
          executor.execute(PKG, "sleep_honouring_interrupts", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 300L)));
      executor.send(new Request.Interrupt(seq + 100));
      assertTrue(executor.result(seq).success());
    }
  }

  @Test
  void missingPackageDirectoryExits64() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(Path.of("/nonexistent/spider-packages"), Map.of())) {
      assertEquals(64, executor.exitStatus());
      assertTrue(executor.stderrText().contains("/nonexistent/spider-packages"), executor.stderrText());
    }
  }

  @Test
  void unsetPackageDirectoryExits64() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start(null, Map.of())) {
      assertEquals(64, executor.exitStatus());
      assertTrue(executor.stderrText().contains("SPIDER_TDL_PACKAGE_DIR"), executor.stderrText());
    }
  }

  @Test
  void badFrameLimitExits64() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(TestEnvironment.packagesDir(), Map.of("SPIDER_MAX_FRAME_BYTES", "lots"))) {
      assertEquals(64, executor.exitStatus());
      assertTrue(executor.stderrText().contains("SPIDER_MAX_FRAME_BYTES"), executor.stderrText());
    }
  }

  @Test
  void requestsAreAnsweredInArrivalOrder() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long[] seqs = new long[5];
      for (int i = 0; i < seqs.length; i++) {
        seqs[i] = executor.execute(PKG, "add", Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(Long.class, (long) i), Tdl.encode(Long.class, 1L)));
      }
      for (int i = 0; i < seqs.length; i++) {
        Response.Result result = executor.result(seqs[i]);
        assertEquals(i + 1L, Tdl.singleOutput(result.payload(), Long.class));
      }
    }
  }
}
