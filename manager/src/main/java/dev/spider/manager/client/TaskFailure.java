package dev.spider.manager.client;

import java.util.Objects;

/**
 * A classified failure of one task attempt, as reported to storage.
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

  @Override
  public String toString() {
    return failureClass.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
