package dev.spider.cli.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * A task graph's {@code commit_task} or {@code cleanup_task} (upstream's {@code
 * TerminationTaskDescriptor}): {@code {"tdl_context": {...}}} with an optional {@code
 * execution_policy}. It declares no inputs or outputs: the commit task gets the job's outputs in
 * its task context, the cleanup task nothing.
 *
 * <p>Immutable.
 *
 * @param tdlContext {@code tdl_context}
 * @param executionPolicy {@code execution_policy}, when the JSON gives one
 */
public record GraphTerminationTask(
    TdlContext tdlContext, Optional<GraphExecutionPolicy> executionPolicy) {

  public GraphTerminationTask {
    Objects.requireNonNull(tdlContext, "tdlContext");
    Objects.requireNonNull(executionPolicy, "executionPolicy");
  }

  /** A termination task with upstream's default policy left implicit. */
  public static GraphTerminationTask of(TdlContext context) {
    return new GraphTerminationTask(context, Optional.empty());
  }

  /** The policy storage applies: the given one, else {@link GraphExecutionPolicy#DEFAULT}. */
  public GraphExecutionPolicy effectivePolicy() {
    return executionPolicy.orElse(GraphExecutionPolicy.DEFAULT);
  }
}
