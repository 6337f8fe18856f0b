package dev.spider.cli.job;

import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a job, as it stood when the {@link JobResult} was taken.
 *
 * <p>Immutable.
 *
 * @param name the task's id in the job, or {@value JobSpec#COMMIT_NAME} / {@value
 *     JobSpec#CLEANUP_NAME}
 * @param taskId the task as storage and the task's context name it
 * @param function the package and task function
 * @param status where the task is
 * @param attempts how many instances were registered (started), retries included
 * @param wallTime the time its instances ran, from registration to report, summed over attempts (an
 *     attempt still running counts up to now)
 * @param outputs for a graph task that succeeded: its outputs as JSON-friendly values ({@code
 *     null}, {@code Boolean}, {@code Long}, {@code BigInteger}, {@code Double}, {@code String},
 *     unmodifiable {@code List}s and {@code Map<String, Object>}s), decoded by the task's declared
 *     output types when it has them, generically otherwise (MessagePack {@code bin} as base64)
 * @param lastFailure the failure the last failed attempt reported, if any
 */
public record TaskSummary(
    String name,
    TaskId taskId,
    TaskFunction function,
    TaskStatus status,
    int attempts,
    Duration wallTime,
    Optional<List<Object>> outputs,
    Optional<TaskFailure> lastFailure) {

  public TaskSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(lastFailure, "lastFailure");
  }
}
