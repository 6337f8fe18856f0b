package dev.spider.cli.job;

import dev.spider.manager.client.TaskFunction;
import java.util.Objects;

/**
 * A job's commit or cleanup task. It takes no inputs: the commit task finds the job's outputs in
 * its {@code TaskContext} ({@code serialized_task_graph_outputs}), the cleanup task only its ids.
 * Its outputs, if any, are not kept.
 *
 * <p>Immutable.
 *
 * @param function the package and task function to run
 * @param policy timeouts and retry budget
 */
public record TerminationTask(TaskFunction function, ExecutionPolicy policy) {

  public TerminationTask {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(policy, "policy");
  }

  /** A termination task with the {@linkplain ExecutionPolicy#DEFAULT default policy}. */
  public static TerminationTask of(String packageName, String taskName) {
    return new TerminationTask(new TaskFunction(packageName, taskName), ExecutionPolicy.DEFAULT);
  }

  /** This task with another policy. */
  public TerminationTask withPolicy(ExecutionPolicy executionPolicy) {
    return new TerminationTask(function, executionPolicy);
  }
}
