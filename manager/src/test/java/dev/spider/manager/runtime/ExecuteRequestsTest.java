package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.FUNCTION;
import static dev.spider.manager.runtime.Fixtures.INPUTS;
import static dev.spider.manager.runtime.Fixtures.TIMEOUTS;
import static dev.spider.manager.runtime.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request building as Spider does it: commit routing, and the pool's timeouts for a policy. */
final class ExecuteRequestsTest {

  private static final JobId JOB = new JobId(7);
  private static final TaskInstanceId INSTANCE = new TaskInstanceId(9);
  private static final ResourceGroupId GROUP = new ResourceGroupId(3);
  private static final byte[] GRAPH_OUTPUTS = hex("00 02000000 01000000 01 01000000 02");

  @Test
  void aCommitTaskGetsTheGraphOutputsInItsContextAndAnEmptyWireFrameAsInputs() throws Exception {
    ExecutionContext commit =
        ExecutionContext.forCommit(JOB, INSTANCE, FUNCTION, TIMEOUTS, INPUTS, GRAPH_OUTPUTS);

    ExecuteRequest request = ExecuteRequests.build(commit, GROUP);

    assertArrayEquals(hex("00000000"), request.rawInputs());
    assertEquals(
        TaskContext.forCommit(7, 9, 3, GRAPH_OUTPUTS), TaskContext.decode(request.rawContext()));
    assertEquals(FUNCTION.packageName(), request.packageName());
    assertEquals(FUNCTION.taskName(), request.taskName());
  }

  @Test
  void aGraphTaskGetsItsSerializedInputsAndNoGraphOutputs() throws Exception {
    ExecutionContext graph =
        ExecutionContext.of(JOB, TaskId.index(4), INSTANCE, FUNCTION, TIMEOUTS, INPUTS);

    ExecuteRequest request = ExecuteRequests.build(graph, GROUP);

    assertArrayEquals(INPUTS, request.rawInputs());
    TaskContext context = TaskContext.decode(request.rawContext());
    assertEquals(TaskContext.of(7, TaskId.index(4), 9, 3), context);
    assertEquals(Optional.empty(), context.serializedTaskGraphOutputs());
  }

  @Test
  void theCleanupTaskGetsItsSerializedInputs() throws Exception {
    ExecutionContext cleanup =
        ExecutionContext.of(JOB, TaskId.CLEANUP, INSTANCE, FUNCTION, TIMEOUTS, INPUTS);

    ExecuteRequest request = ExecuteRequests.build(cleanup, GROUP);

    assertArrayEquals(INPUTS, request.rawInputs());
    assertEquals(TaskContext.of(7, TaskId.CLEANUP, 9, 3), TaskContext.decode(request.rawContext()));
  }

  @Test
  void unsignedIdsSurviveTheContext() throws Exception {
    ExecutionContext graph =
        ExecutionContext.of(
            new JobId(-1L), TaskId.index(-1L), new TaskInstanceId(-2L), FUNCTION, TIMEOUTS, INPUTS);

    TaskContext context =
        TaskContext.decode(ExecuteRequests.build(graph, new ResourceGroupId(-3L)).rawContext());

    assertEquals(-1L, context.jobId());
    assertEquals(TaskId.index(-1L), context.taskId());
    assertEquals(-2L, context.taskInstanceId());
    assertEquals(-3L, context.resourceGroupId());
  }

  @Test
  void aPolicyWithBothTimeoutsKeepsBoth() {
    assertEquals(
        Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(5)),
        ExecuteRequests.timeouts(TimeoutPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(5))));
  }

  @Test
  void aHardOnlyPolicyHasNoSoftTimeout() {
    assertEquals(
        Timeouts.hard(Duration.ofSeconds(5)),
        ExecuteRequests.timeouts(TimeoutPolicy.hardOnly(Duration.ofSeconds(5))));
  }

  @Test
  void aSoftTimeoutEqualToTheHardOneIsDropped() {
    assertEquals(
        Timeouts.hard(Duration.ofSeconds(5)),
        ExecuteRequests.timeouts(TimeoutPolicy.of(Duration.ofSeconds(5), Duration.ofSeconds(5))));
  }
}
