package dev.spider.manager.grpc;

import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.manager.client.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The largest request storage accepts (its gRPC decode limit: tonic's default 4 MiB upstream),
 * checked before sending. Upstream storage refuses a larger report with {@code OUT_OF_RANGE} and
 * keeps the instance registered to a live execution manager, which hangs the job until that manager
 * dies (docs/cluster.md). So an oversized success report is refused here, for the caller to report
 * a deterministic failure instead, and an oversized failure message is shortened to fit.
 *
 * <p>The check is on the exact serialized size of the request, so the envelope (ids, task id, field
 * tags) is accounted for. Immutable and thread-safe.
 */
final class MessageLimit {

  /** Room kept for the marker a shortened failure message ends with. */
  private static final int MARKER_ROOM = 96;

  private final int maxBytes;

  /**
   * @param maxBytes the largest serialized request storage accepts
   */
  MessageLimit(int maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException(
          "storage's message limit must be at least 1024 bytes, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Refuses a success report larger than the limit.
   *
   * @param call the call, for the message
   * @throws InvalidInputException naming the outputs' size and the limit
   */
  void check(String call, ReportTaskSuccessRequest request) throws InvalidInputException {
    int size = request.getSerializedSize();
    if (size > maxBytes) {
      throw new InvalidInputException(
          call
              + ": outputs of "
              + request.getSerializedOutputs().size()
              + " bytes exceed storage's gRPC message limit of "
              + describe(maxBytes)
              + " (the report would be "
              + size
              + " bytes; the limit is jvm.storage_max_message_bytes); not sent. Pass large data"
              + " by reference");
    }
  }

  /**
   * {@code request} itself when it fits, else a copy whose error message is cut short, at a
   * character boundary, and marked as such.
   */
  ReportTaskFailureRequest fit(ReportTaskFailureRequest request) {
    int excess = request.getSerializedSize() - maxBytes;
    if (excess <= 0) {
      return request;
    }
    byte[] text = request.getErrorMessageBytes().toByteArray();
    // The length prefix of the field shrinks with the text: cutting excess + room is enough.
    int keep = Math.max(0, text.length - excess - MARKER_ROOM);
    while (keep > 0 && (text[keep] & 0xC0) == 0x80) {
      keep--; // never cut inside a UTF-8 sequence
    }
    String cut =
        new String(Arrays.copyOf(text, keep), StandardCharsets.UTF_8)
            + " [... "
            + (text.length - keep)
            + " bytes cut to fit storage's message limit of "
            + maxBytes
            + " bytes]";
    return request.toBuilder().setErrorMessage(cut).build();
  }

  /** {@code 4194304 bytes (4 MiB)}, or just the bytes when not a whole number of MiB. */
  static String describe(int bytes) {
    return bytes % (1 << 20) == 0 ? bytes + " bytes (" + (bytes >> 20) + " MiB)" : bytes + " bytes";
  }
}
