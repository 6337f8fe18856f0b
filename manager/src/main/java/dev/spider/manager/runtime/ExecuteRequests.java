package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;

/**
 * Turns what storage says about a task instance into what an executor runs, as Spider does: the
 * commit task gets the job's task-graph outputs routed into its {@code TaskContext} and an
 * empty-but-valid wire frame as its inputs; every other task gets its serialized inputs.
 */
public final class ExecuteRequests {

  private ExecuteRequests() {}

  public static ExecuteRequest build(ExecutionContext context, ResourceGroupId resourceGroup) {
    byte[] rawContext = context.taskContext(resourceGroup).encode();
    byte[] inputs =
        context.taskId() instanceof TaskId.Commit ? WireFormat.empty() : context.serializedInputs();
    return new ExecuteRequest(
        context.function().packageName(), context.function().taskName(), rawContext, inputs);
  }

  /**
   * The pool's timeouts for a policy. A soft timeout equal to the hard one is dropped: the kill at
   * the hard timeout comes first anyway.
   */
  public static Timeouts timeouts(TimeoutPolicy policy) {
    return policy
        .soft()
        .filter(soft -> soft.compareTo(policy.hard()) < 0)
        .map(soft -> Timeouts.of(soft, policy.hard()))
        .orElseGet(() -> Timeouts.hard(policy.hard()));
  }
}
