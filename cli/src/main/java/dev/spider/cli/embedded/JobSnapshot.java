package dev.spider.cli.embedded;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.types.OutputDisplay;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A job copied out of the store, what {@link JobResult} and {@link Progress} are built from. {@link
 * #of} copies under the store's lock; {@link #toResult} decodes the outputs for display after the
 * lock is released, so slow decoding never holds up the scheduler.
 *
 * <p>Immutable once taken: the output payloads it shares with the store are never mutated there.
 *
 * @param id the job
 * @param name the job's name
 * @param state where the job was
 * @param wallTime from submission to the end of the job, or to when the snapshot was taken
 * @param failure why the job failed or was cancelled
 * @param tasks the tasks in {@link JobResult} order, outputs not decoded yet
 */
record JobSnapshot(
    JobId id,
    String name,
    JobState state,
    Duration wallTime,
    Optional<String> failure,
    List<TaskSnapshot> tasks) {

  JobSnapshot {
    tasks = List.copyOf(tasks);
  }

  /**
   * One task, outputs not decoded yet.
   *
   * @param outputs the payloads of a graph task that succeeded
   * @param outputTypes the graph task's declared output types, to decode them by
   */
  record TaskSnapshot(
      String name,
      TaskId taskId,
      TaskFunction function,
      TaskStatus status,
      int attempts,
      Duration wallTime,
      Optional<List<byte[]>> outputs,
      Optional<List<TdlType>> outputTypes,
      Optional<TaskFailure> lastFailure) {

    /** The task as it stands at {@code nowNanos}; call under the store's lock. */
    static TaskSnapshot of(TaskRecord task, long nowNanos) {
      Optional<TaskSpec> spec = task.spec();
      return new TaskSnapshot(
          task.name(),
          task.taskId(),
          task.function(),
          task.status(),
          task.attempts(),
          Duration.ofNanos(task.runNanos(nowNanos)),
          task.status() == TaskStatus.SUCCEEDED && spec.isPresent()
              ? Optional.of(task.outputs())
              : Optional.empty(),
          spec.flatMap(TaskSpec::outputTypes),
          task.lastFailure());
    }

    TaskSummary toSummary() {
      return new TaskSummary(
          name,
          taskId,
          function,
          status,
          attempts,
          wallTime,
          outputs.map(payloads -> OutputDisplay.decode(payloads, outputTypes)),
          lastFailure);
    }
  }

  /** The job as it stands at {@code nowNanos}; call under the store's lock. */
  static JobSnapshot of(JobRecord job, long nowNanos) {
    long end = job.state().isTerminal() ? job.endedNanos() : nowNanos;
    return new JobSnapshot(
        job.id(),
        job.spec().name(),
        job.state(),
        Duration.ofNanos(end - job.submittedNanos()),
        job.failure(),
        job.allTasks().stream().map(task -> TaskSnapshot.of(task, nowNanos)).toList());
  }

  /** How far the job's graph tasks are; call under the store's lock. */
  static Progress progress(JobRecord job) {
    int done = 0;
    int running = 0;
    int failed = 0;
    int skipped = 0;
    for (TaskRecord task : job.graph()) {
      switch (task.status()) {
        case SUCCEEDED -> done++;
        case RUNNING -> running++;
        case FAILED -> failed++;
        case SKIPPED, CANCELLED -> skipped++;
        default -> {} // WAITING and READY count only in the total
      }
    }
    return new Progress(job.state(), done, running, failed, skipped, job.graph().size());
  }

  /** The result, outputs decoded for display; call outside the lock. */
  JobResult toResult() {
    return new JobResult(
        id, name, state, wallTime, failure, tasks.stream().map(TaskSnapshot::toSummary).toList());
  }
}
