package dev.spider.manager.pool;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import java.util.Optional;

/**
 * Refuses a task request too large for one frame before any executor sees it: its outcome is an
 * {@code InvalidRequest} failure and no executor is harmed (docs/process-pool.md,
 * docs/frame-protocol.md). Stateless and thread-safe.
 */
final class FrameSizeCheck {

  /** Room for the frame's fixed parts: map header, keys, the seq. */
  private static final long ENVELOPE_BYTES = 64;

  private FrameSizeCheck() {}

  /** The refusal of {@code request}, or empty when its frame fits in {@code maxFrameBytes}. */
  static Optional<Outcome> refusal(ExecuteRequest request, int maxFrameBytes) {
    // A cheap upper bound first (4 bytes per UTF-16 char covers UTF-8) so that the common small
    // request is never encoded twice.
    long bound =
        request.rawContextUnsafe().length
            + (long) request.rawInputsUnsafe().length
            + 4L * (request.packageName().length() + request.taskName().length())
            + ENVELOPE_BYTES;
    if (bound <= maxFrameBytes) {
      return Optional.empty();
    }
    int size =
        ProtocolCodec.encode(
                new Request.Execute(
                    Long.MAX_VALUE,
                    request.packageName(),
                    request.taskName(),
                    request.rawContextUnsafe(),
                    request.rawInputsUnsafe()))
            .length;
    if (size <= maxFrameBytes) {
      return Optional.empty();
    }
    return Optional.of(
        new Outcome.InTaskFailure(
            ExecutorError.of(
                ErrorKind.INVALID_REQUEST,
                "the request for "
                    + request.packageName()
                    + "/"
                    + request.taskName()
                    + " is "
                    + size
                    + " bytes, more than the maximum frame size of "
                    + maxFrameBytes
                    + " bytes (SPIDER_MAX_FRAME_BYTES): pass large data by reference, not as"
                    + " inputs"),
            0));
  }
}
