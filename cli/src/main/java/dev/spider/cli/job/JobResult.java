package dev.spider.cli.job;

import dev.spider.manager.client.JobId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a job: its state and every task's summary. Final once {@code state} is {@linkplain
 * JobState#isTerminal() terminal}.
 *
 * <p>Immutable.
 *
 * @param jobId the job
 * @param name the job's name
 * @param state where the job is
 * @param wallTime from submission to the end of the job (to now while it runs)
 * @param failure why the job failed or was cancelled, e.g. {@code "task 'crash'
 *     (integration_test_tasks::exit_three) failed after 3 attempts: environmental: executor crash:
 *     ..."}; empty while running and after success
 * @param tasks the graph tasks in job order, then the commit task, then the cleanup task (those the
 *     job has)
 */
public record JobResult(
    JobId jobId,
    String name,
    JobState state,
    Duration wallTime,
    Optional<String> failure,
    List<TaskSummary> tasks) {

  public JobResult {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(failure, "failure");
    tasks = List.copyOf(tasks);
  }

  /** The summary of the task with this name. */
  public Optional<TaskSummary> task(String taskName) {
    return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
  }
}
