package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameSizeCheckTest {

  private static ExecuteRequest request(int inputBytes) {
    return new ExecuteRequest("pkg", "echo_bytes", new byte[16], new byte[inputBytes]);
  }

  private static int encodedSize(ExecuteRequest r) {
    return ProtocolCodec.encode(
            new Request.Execute(
                Long.MAX_VALUE, r.packageName(), r.taskName(), r.rawContext(), r.rawInputs()))
        .length;
  }

  @Test
  void aRequestThatFitsIsLetThrough() {
    assertEquals(Optional.empty(), FrameSizeCheck.refusal(request(100), 16 << 10));
  }

  @Test
  void anOversizeRequestIsAnInvalidRequestNamingBothSizes() {
    ExecuteRequest big = request(20_000);
    Outcome outcome = FrameSizeCheck.refusal(big, 16 << 10).orElseThrow();
    Outcome.InTaskFailure failure = assertInstanceOf(Outcome.InTaskFailure.class, outcome);
    assertEquals(ErrorKind.INVALID_REQUEST, failure.error().kind());
    String message = failure.error().message();
    assertTrue(message.contains(encodedSize(big) + " bytes"), message);
    assertTrue(message.contains(Integer.toString(16 << 10)), message);
    assertTrue(message.contains("pkg/echo_bytes"), message);
  }

  @Test
  void theVerdictFollowsTheEncodedSizeRightAtTheLimit() {
    int max = 4096;
    // Around the limit the cheap bound exceeds it while the encoding may still fit.
    for (int inputs = max - 200; inputs <= max; inputs++) {
      ExecuteRequest r = request(inputs);
      assertEquals(
          encodedSize(r) > max, FrameSizeCheck.refusal(r, max).isPresent(), "inputs " + inputs);
    }
  }
}
