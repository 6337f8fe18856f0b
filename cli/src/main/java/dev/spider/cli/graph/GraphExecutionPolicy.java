package dev.spider.cli.graph;

import java.util.Objects;

/**
 * A task's {@code execution_policy} in upstream's task graph: its retry budget, how many instances
 * of it may run at once, and its timeouts. Upstream storage retries <em>every</em> failure while
 * the budget lasts (it has no failure classes).
 *
 * <p>Immutable.
 *
 * @param maxNumRetry {@code max_num_retry}: further attempts after a failure, &ge; 0
 * @param maxNumInstances {@code max_num_instances}: instances that may run at once, &ge; 1 (with 0
 *     the task could never run and the job would hang)
 * @param timeoutPolicy {@code timeout_policy}
 */
public record GraphExecutionPolicy(
    long maxNumRetry, long maxNumInstances, GraphTimeoutPolicy timeoutPolicy) {

  /** Upstream's default retry budget: none. */
  public static final long DEFAULT_MAX_NUM_RETRY = 0;

  /** Upstream's default instance limit: one. */
  public static final long DEFAULT_MAX_NUM_INSTANCES = 1;

  /** Upstream's defaults: no retries, one instance, 150 s soft and 300 s hard timeout. */
  public static final GraphExecutionPolicy DEFAULT =
      new GraphExecutionPolicy(
          DEFAULT_MAX_NUM_RETRY, DEFAULT_MAX_NUM_INSTANCES, GraphTimeoutPolicy.DEFAULT);

  /**
   * @throws IllegalArgumentException when {@code maxNumRetry} is negative or {@code
   *     maxNumInstances} below 1
   */
  public GraphExecutionPolicy {
    Objects.requireNonNull(timeoutPolicy, "timeoutPolicy");
    if (maxNumRetry < 0) {
      throw new IllegalArgumentException("max_num_retry must be >= 0, got " + maxNumRetry);
    }
    if (maxNumInstances < 1) {
      throw new IllegalArgumentException(
          "max_num_instances must be >= 1 (a task with 0 instances never runs), got "
              + maxNumInstances);
    }
  }
}
