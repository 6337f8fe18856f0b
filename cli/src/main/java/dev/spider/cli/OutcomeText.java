package dev.spider.cli;

import dev.spider.manager.pool.Outcome;
import dev.spider.protocol.ExecutorError;
import java.util.List;

/**
 * Descriptions of failed outcomes for people: kind, message, and for crashes the executor's last
 * log lines.
 *
 * <p>Stateless.
 */
final class OutcomeText {

  private static final int TAIL_LINES = 10;

  private OutcomeText() {}

  static String describe(Outcome outcome) {
    if (outcome instanceof Outcome.InTaskFailure failure) {
      ExecutorError error = failure.error();
      return "error: "
          + error.kind().wireName()
          + error.tdlError().map(t -> " (" + t.kind().variantName() + ")").orElse("")
          + ": "
          + error.tdlError().map(Throwable::getMessage).orElse(error.message());
    }
    if (outcome instanceof Outcome.Timeout timeout) {
      return "timeout: the task did not finish within "
          + DurationConverter.format(timeout.hardTimeout())
          + "; its executor was killed";
    }
    if (outcome instanceof Outcome.ExecutorCrash crash) {
      StringBuilder text = new StringBuilder("crash: ").append(crash.report().summary());
      List<String> tail = crash.report().stderrTail();
      if (!tail.isEmpty()) {
        text.append("\nlast executor log lines:");
        tail.subList(Math.max(0, tail.size() - TAIL_LINES), tail.size())
            .forEach(line -> text.append("\n  ").append(line));
      }
      return text.toString();
    }
    return "success";
  }
}
