package dev.spider.cli.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job: a graph of tasks whose inputs are literals or outputs of other tasks, an optional commit
 * task that receives the job's outputs and an optional cleanup task. {@link
 * dev.spider.cli.jobfile.JobFiles} reads one from a job file; {@link
 * dev.spider.cli.embedded.EmbeddedCluster#submit} runs it.
 *
 * <p><b>The job's outputs</b>, which the commit task receives as its task-graph outputs (a
 * serialized task outputs buffer: option byte, wire format, zstd above 1 KiB, as Spider's storage
 * keeps them):
 *
 * <ul>
 *   <li>with {@code jobOutputs} given: exactly those task outputs, in that order;
 *   <li>otherwise: every output of every <em>output task</em> — a graph task no other task takes an
 *       input from — in task order, each task's outputs in their order (Spider's "dangling outputs"
 *       of the graph's output tasks).
 * </ul>
 *
 * <p>Checked on construction: at least one task; unique task ids; every reference names a task of
 * the job, and an output index within that task's declared outputs when it declares them; no
 * cycles. Immutable.
 *
 * @param name a name for people, e.g. the job file's name
 * @param tasks the graph tasks; a task's {@code TaskId.Index} is its position here
 * @param jobOutputs the job's outputs, when chosen explicitly; see above
 * @param commit the task run once every graph task has succeeded; the job succeeds when it does
 * @param cleanup the task run when the job fails or is cancelled
 * @param failurePolicy what happens to the other tasks when one fails for good
 */
public record JobSpec(
    String name,
    List<TaskSpec> tasks,
    Optional<List<OutputRef>> jobOutputs,
    Optional<TerminationTask> commit,
    Optional<TerminationTask> cleanup,
    FailurePolicy failurePolicy) {

  /** How results name the commit task. */
  public static final String COMMIT_NAME = "commit";

  /** How results name the cleanup task. */
  public static final String CLEANUP_NAME = "cleanup";

  /**
   * @throws IllegalArgumentException when the graph breaks a rule of the class comment
   */
  public JobSpec {
    Objects.requireNonNull(name, "name");
    tasks = List.copyOf(tasks);
    jobOutputs = Objects.requireNonNull(jobOutputs, "jobOutputs").map(List::copyOf);
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    GraphCheck.firstProblem(tasks, jobOutputs)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("job '" + name + "': " + problem.message());
            });
  }

  /** A job of {@code tasks} with no commit or cleanup task, failing fast. */
  public static JobSpec of(String name, List<TaskSpec> tasks) {
    return new JobSpec(
        name, tasks, Optional.empty(), Optional.empty(), Optional.empty(), FailurePolicy.FAIL_FAST);
  }

  public JobSpec withCommit(TerminationTask task) {
    return new JobSpec(name, tasks, jobOutputs, Optional.of(task), cleanup, failurePolicy);
  }

  public JobSpec withCleanup(TerminationTask task) {
    return new JobSpec(name, tasks, jobOutputs, commit, Optional.of(task), failurePolicy);
  }

  public JobSpec withJobOutputs(List<OutputRef> outputs) {
    return new JobSpec(name, tasks, Optional.of(outputs), commit, cleanup, failurePolicy);
  }

  public JobSpec withFailurePolicy(FailurePolicy policy) {
    return new JobSpec(name, tasks, jobOutputs, commit, cleanup, policy);
  }

  /** The position of the task with this id, or -1. */
  public int indexOf(String taskId) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).id().equals(taskId)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The ids of the output tasks, whose outputs are the job's outputs when {@code jobOutputs} is not
   * given: the tasks no other task takes an input from, in task order.
   */
  public List<String> outputTasks() {
    Set<String> referenced = new HashSet<>();
    for (TaskSpec task : tasks) {
      for (Input input : task.inputs()) {
        if (input instanceof OutputRef ref) {
          referenced.add(ref.task());
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (TaskSpec task : tasks) {
      if (!referenced.contains(task.id())) {
        out.add(task.id());
      }
    }
    return List.copyOf(out);
  }
}
