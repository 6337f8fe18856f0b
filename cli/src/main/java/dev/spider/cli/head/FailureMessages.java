package dev.spider.cli.head;

import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TaskFailure;
import java.util.Locale;

/**
 * Reads the failure class out of a {@code ReportTaskFailure}'s {@code error_message}, the only
 * failure detail on the wire: the Java execution manager writes {@code environmental: …} or {@code
 * deterministic: …} (docs/failures.md); upstream's Rust one writes no prefix, and upstream storage
 * retries every failure, so a message without a prefix is environmental.
 *
 * <p>Stateless.
 */
final class FailureMessages {

  private FailureMessages() {}

  /** The classified failure: the prefix, when there is one, becomes the class. */
  static TaskFailure parse(String errorMessage) {
    for (FailureClass failureClass : FailureClass.values()) {
      String prefix = failureClass.name().toLowerCase(Locale.ROOT) + ": ";
      if (errorMessage.startsWith(prefix)) {
        return new TaskFailure(failureClass, errorMessage.substring(prefix.length()));
      }
    }
    return TaskFailure.environmental(errorMessage);
  }
}
