package dev.spider.manager.client;

import java.util.Objects;

/**
 * A classified failure of one task attempt, as reported to storage.
 *
 * <p>On Spider's wire, whose failure report carries only a message, it travels as {@link
 * #toString()}: {@code environmental: } or {@code deterministic: }, then the message (the grammar
 * is in docs/failures.md; a reader treats text without either prefix as environmental).
 *
 * @param failureClass whether another attempt may succeed
 * @param message one human line: what failed and how, e.g. {@code "timeout: hard timeout of 5s
 *     passed"}
 */
public record TaskFailure(FailureClass failureClass, String message) {

  public TaskFailure {
    Objects.requireNonNull(failureClass, "failureClass");
    Objects.requireNonNull(message, "message");
  }

  public static TaskFailure environmental(String message) {
    return new TaskFailure(FailureClass.ENVIRONMENTAL, message);
  }

  public static TaskFailure deterministic(String message) {
    return new TaskFailure(FailureClass.DETERMINISTIC, message);
  }

  /** The wire form: the class in lower case, a colon and a space, then the message. */
  @Override
  public String toString() {
    return failureClass.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
