package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.process.ExitStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request frames built to break the executor's decoding (the classes a fuzzer found): whatever they
 * make the decoder throw, the executor answers {@code InvalidRequest} and carries on, or exits 2
 * with a message — within a bounded wait, never hanging (docs/frame-protocol.md, "Ordering,
 * interrupts, shutdown").
 */
class HostileRequestsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // description, request body as hex
    "map declaring 2^31 entries, df 7fffffff",
    "array declaring 2^31 elements, dd 7fffffff",
    "str declaring 2^31 bytes, db 7fffffff",
    "bin declaring 2^31 bytes, c6 7fffffff",
    "Execute whose inputs declare 2^31 bytes, 96 00 05 a3 706b67 a1 74 c4 00 c6 7fffffff",
    "timestamp beyond Instant's range, 92 00 c7 0c ff 00000000 7fffffffffffffff",
    "extension declaring 2^31 bytes, c9 7fffffff 01",
  })
  void aHostileValueIsInvalidOrUnreadableNeverAHang(String what, String hex) throws Exception {
    assertRefused(what, HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {5_000, 100_000})
  void deepNestingIsInvalidOrUnreadableNeverAHang(int depth) throws Exception {
    byte[] body = new byte[2 + depth + 1]; // [0, [[[...[nil]...]]]]
    Arrays.fill(body, (byte) 0x91); // an array of one element
    body[0] = (byte) 0x92;
    body[1] = 0x00;
    body[body.length - 1] = (byte) 0xc0;
    assertRefused(depth + " levels of nesting", body);
  }

  /**
   * Sends {@code body}, then Shutdown. Either the executor exits 2 with nothing on stdout, or it
   * answers InvalidRequest and then exits 0 on the Shutdown. Every wait is bounded.
   */
  private static void assertRefused(String what, byte[] body) throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.sendBody(body);
      try {
        executor.send(new Request.Shutdown());
      } catch (IOException e) {
        // The executor already exited (status 2, checked next) and closed its stdin.
      }
      int status = executor.exitStatus(); // bounded: a hang fails here
      if (status == ExitStatus.UNREADABLE_STREAM.code()) {
        assertTrue(executor.noFurtherFrames(), what + ": no frame before exit 2");
        assertTrue(
            executor.awaitStderr("exiting with status 2"),
            () -> what + ": exit 2 says why on stderr:\n" + executor.stderrText());
        return;
      }
      assertEquals(
          ExitStatus.ORDERLY.code(),
          status,
          () -> what + ": exit status " + status + "; stderr:\n" + executor.stderrText());
      Response.Result result =
          assertInstanceOf(
              Response.Result.class,
              executor.nextResponse(),
              () ->
                  what + ": expected an InvalidRequest Result; stderr:\n" + executor.stderrText());
      assertEquals(ErrorKind.INVALID_REQUEST, error(result).kind(), what);
    }
  }
}
