package dev.spider.manager.runtime;

import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.pool.Outcome;
import java.util.Objects;
import java.util.Optional;

/** One outcome report to storage: a success with its outputs, or a classified failure. */
sealed interface Report permits Report.Success, Report.Failure {

  ReportTarget target();

  /**
   * @param outputs present for a graph task, empty for the commit and cleanup tasks
   */
  record Success(ReportTarget target, Optional<TaskOutputs> outputs) implements Report {
    public Success {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(outputs, "outputs");
    }
  }

  record Failure(ReportTarget target, TaskFailure failure) implements Report {
    public Failure {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * The report of an outcome: a success carries {@link TaskOutputs#forReport} (malformed outputs of
   * a graph task become a deterministic failure, since the same executor code would produce them
   * again), anything else is classified by {@link FailureClassifier}.
   */
  static Report of(ReportTarget target, Outcome outcome) {
    if (outcome instanceof Outcome.Success success) {
      try {
        return new Success(target, TaskOutputs.forReport(target.taskId(), success.outputs()));
      } catch (IllegalArgumentException e) {
        return new Failure(
            target,
            TaskFailure.deterministic(
                "the executor returned malformed task outputs: " + e.getMessage()));
      }
    }
    return new Failure(target, FailureClassifier.classify(outcome));
  }
}
