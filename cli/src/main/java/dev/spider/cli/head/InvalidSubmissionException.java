package dev.spider.cli.head;

import java.util.Objects;

/**
 * A {@code RegisterJob} request cannot become a job: a payload is not a zstd frame, the task graph
 * is not a valid graph, the inputs are not one wire-format buffer, or their count differs from what
 * the graph's root tasks take. The head answers {@code INVALID_ARGUMENT} with the message, which
 * names the payload and the problem; the client fixes the request and submits again.
 *
 * <p>Immutable.
 */
final class InvalidSubmissionException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong with which payload, and how to fix it
   */
  InvalidSubmissionException(String message) {
    super(Objects.requireNonNull(message, "message"));
  }

  /**
   * @param message what is wrong with which payload, and how to fix it
   * @param cause the decoder's exception
   */
  InvalidSubmissionException(String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
  }
}
