package dev.spider.cli.submit;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.types.OutputDisplay;
import dev.spider.manager.client.JobId;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster run's end as the {@link JobResult} a local run prints, so {@code spider run --storage}
 * shows outputs and errors exactly as {@code spider run} does. Storage reports the job's state,
 * outputs and error, not its tasks', so:
 *
 * <ul>
 *   <li>after success every graph task and the commit task succeeded; the output tasks show their
 *       outputs (the job's outputs), decoded by their declared types; the cleanup task is skipped;
 *   <li>after failure or cancellation the job's failure is storage's error ({@code GetJobError}:
 *       the failing task's message) or {@code cancelled}, and no task is listed (storage does not
 *       say which ran);
 *   <li>attempts and task times are not reported: shown as 0.
 * </ul>
 *
 * <p>Stateless.
 */
public final class ClusterResults {

  private ClusterResults() {}

  /** The result to print for {@code outcome} of {@code job}. */
  public static JobResult toJobResult(ClusterJob job, ClusterOutcome outcome) {
    JobSpec spec = job.spec();
    JobId id = new JobId(outcome.jobId());
    if (outcome instanceof ClusterOutcome.Succeeded succeeded) {
      return new JobResult(
          id,
          spec.name(),
          JobState.SUCCEEDED,
          outcome.wallTime(),
          Optional.empty(),
          succeededTasks(job, succeeded.outputs()));
    }
    if (outcome instanceof ClusterOutcome.Failed failed) {
      return new JobResult(
          id,
          spec.name(),
          JobState.FAILED,
          outcome.wallTime(),
          Optional.of(failed.error()),
          List.of());
    }
    return new JobResult(
        id,
        spec.name(),
        JobState.CANCELLED,
        outcome.wallTime(),
        Optional.of("cancelled"),
        List.of());
  }

  private static List<TaskSummary> succeededTasks(ClusterJob job, List<byte[]> outputs) {
    JobSpec spec = job.spec();
    List<OutputRef> refs = job.jobOutputs();
    Set<String> outputTasks = Set.copyOf(spec.outputTasks());
    List<TaskSummary> tasks = new ArrayList<>();
    for (int i = 0; i < spec.tasks().size(); i++) {
      TaskSpec task = spec.tasks().get(i);
      List<byte[]> own = new ArrayList<>();
      for (int k = 0; k < refs.size(); k++) {
        if (refs.get(k).task().equals(task.id())) {
          own.add(outputs.get(k));
        }
      }
      // Only output tasks' outputs reach the client; an output task declaring none shows [].
      Optional<List<Object>> shown =
          outputTasks.contains(task.id())
              ? Optional.of(OutputDisplay.decode(own, task.outputTypes()))
              : Optional.empty();
      tasks.add(
          new TaskSummary(
              task.id(),
              TaskId.index(i),
              task.function(),
              TaskStatus.SUCCEEDED,
              0,
              Duration.ZERO,
              shown,
              Optional.empty()));
    }
    spec.commit()
        .ifPresent(
            c ->
                tasks.add(
                    new TaskSummary(
                        JobSpec.COMMIT_NAME,
                        TaskId.COMMIT,
                        c.function(),
                        TaskStatus.SUCCEEDED,
                        0,
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty())));
    spec.cleanup()
        .ifPresent(
            c ->
                tasks.add(
                    new TaskSummary(
                        JobSpec.CLEANUP_NAME,
                        TaskId.CLEANUP,
                        c.function(),
                        TaskStatus.SKIPPED,
                        0,
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty())));
    return List.copyOf(tasks);
  }
}
