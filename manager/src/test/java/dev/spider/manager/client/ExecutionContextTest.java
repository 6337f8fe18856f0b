package dev.spider.manager.client;

import static dev.spider.manager.client.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class ExecutionContextTest {

  private static final String U64_MAX = "18446744073709551615";
  private static final JobId JOB = new JobId(7);
  private static final TaskInstanceId INSTANCE = new TaskInstanceId(9);
  private static final TaskFunction FUNCTION = new TaskFunction("integration_test_tasks", "sum");
  private static final TimeoutPolicy TIMEOUTS =
      TimeoutPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(5));

  /** One input, rmp(3i64). */
  private static final byte[] INPUTS = hex("01000000 01000000 03");

  /** Serialized task outputs of [rmp(3i64), rmp(-3i64)], plain. */
  private static final byte[] GRAPH_OUTPUTS = hex("00 02000000 01000000 03 01000000 fd");

  private static void assertRejected(Executable build, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
    }
  }

  private static ExecutionContext graphTask(TaskId taskId) {
    return ExecutionContext.of(JOB, taskId, INSTANCE, FUNCTION, TIMEOUTS, INPUTS);
  }

  private static ExecutionContext commitTask() {
    return ExecutionContext.forCommit(
        JOB, INSTANCE, FUNCTION, TIMEOUTS, hex("00000000"), GRAPH_OUTPUTS);
  }

  // ---- Spider's rule: task-graph outputs for the commit task and only for it --------------------

  @Test
  void theCommitTaskCarriesTheTaskGraphOutputs() {
    ExecutionContext ctx = commitTask();
    assertEquals(TaskId.COMMIT, ctx.taskId());
    assertArrayEquals(GRAPH_OUTPUTS, ctx.serializedTaskGraphOutputs().orElseThrow());
  }

  @Test
  void graphAndCleanupTasksCarryNone() {
    assertEquals(Optional.empty(), graphTask(TaskId.index(3)).serializedTaskGraphOutputs());
    assertEquals(Optional.empty(), graphTask(TaskId.CLEANUP).serializedTaskGraphOutputs());
  }

  @Test
  void aCommitTaskWithoutOutputsIsRejected() {
    assertRejected(
        () ->
            new ExecutionContext(
                new JobId(-1L),
                TaskId.COMMIT,
                INSTANCE,
                FUNCTION,
                TIMEOUTS,
                INPUTS,
                Optional.empty()),
        "commit task of job " + U64_MAX,
        "instance 9",
        "needs the job's task-graph outputs");
    assertRejected(() -> graphTask(TaskId.COMMIT), "commit task of job 7");
  }

  @Test
  void outputsOnAGraphTaskAreRejected() {
    assertRejected(
        () ->
            new ExecutionContext(
                JOB,
                TaskId.index(3),
                INSTANCE,
                FUNCTION,
                TIMEOUTS,
                INPUTS,
                Optional.of(GRAPH_OUTPUTS)),
        "task Index(3) of job 7",
        "instance 9",
        "must not carry task-graph outputs");
  }

  @Test
  void outputsOnTheCleanupTaskAreRejected() {
    assertRejected(
        () ->
            new ExecutionContext(
                JOB,
                TaskId.CLEANUP,
                INSTANCE,
                FUNCTION,
                TIMEOUTS,
                INPUTS,
                Optional.of(GRAPH_OUTPUTS)),
        "task Cleanup of job 7",
        "must not carry task-graph outputs");
  }

  // ---- immutability -----------------------------------------------------------------------------

  @Test
  void inputsAreCopiedOnTheWayInAndOut() {
    byte[] given = INPUTS.clone();
    ExecutionContext ctx =
        ExecutionContext.of(JOB, TaskId.index(0), INSTANCE, FUNCTION, TIMEOUTS, given);
    given[8] = 0x7f;
    assertArrayEquals(INPUTS, ctx.serializedInputs());
    ctx.serializedInputs()[8] = 0x7f;
    assertArrayEquals(INPUTS, ctx.serializedInputs());
  }

  @Test
  void taskGraphOutputsAreCopiedOnTheWayInAndOut() {
    byte[] given = GRAPH_OUTPUTS.clone();
    ExecutionContext ctx =
        new ExecutionContext(
            JOB, TaskId.COMMIT, INSTANCE, FUNCTION, TIMEOUTS, INPUTS, Optional.of(given));
    given[0] = 1;
    assertArrayEquals(GRAPH_OUTPUTS, ctx.serializedTaskGraphOutputs().orElseThrow());
    ctx.serializedTaskGraphOutputs().orElseThrow()[0] = 1;
    assertArrayEquals(GRAPH_OUTPUTS, ctx.serializedTaskGraphOutputs().orElseThrow());
  }

  @Test
  void equalityIsByContent() {
    assertEquals(commitTask(), commitTask());
    assertEquals(commitTask().hashCode(), commitTask().hashCode());
    assertEquals(graphTask(TaskId.index(3)), graphTask(TaskId.index(3)));
    assertNotEquals(graphTask(TaskId.index(3)), graphTask(TaskId.index(4)));
    assertNotEquals(
        graphTask(TaskId.index(3)),
        ExecutionContext.of(JOB, TaskId.index(3), INSTANCE, FUNCTION, TIMEOUTS, hex("00000000")));
    assertNotEquals(
        commitTask(),
        ExecutionContext.forCommit(
            JOB, INSTANCE, FUNCTION, TIMEOUTS, hex("00000000"), hex("00 00000000")));
  }

  @Test
  void nullsAreRefused() {
    assertThrows(
        NullPointerException.class,
        () -> ExecutionContext.of(JOB, TaskId.index(0), INSTANCE, null, TIMEOUTS, INPUTS));
    assertThrows(
        NullPointerException.class,
        () -> ExecutionContext.of(JOB, TaskId.index(0), INSTANCE, FUNCTION, TIMEOUTS, null));
    assertThrows(
        NullPointerException.class,
        () ->
            new ExecutionContext(JOB, TaskId.index(0), INSTANCE, FUNCTION, TIMEOUTS, INPUTS, null));
  }

  // ---- the task's TaskContext -------------------------------------------------------------------

  @Test
  void theCommitTasksContextCarriesTheOutputs() throws Exception {
    TaskContext taskContext = commitTask().taskContext(new ResourceGroupId(-1L));
    assertEquals(TaskContext.forCommit(7, 9, -1L, GRAPH_OUTPUTS), taskContext);
    assertEquals(2, taskContext.taskGraphOutputs().size());
  }

  @Test
  void aGraphTasksContextCarriesNone() throws Exception {
    TaskContext taskContext =
        ExecutionContext.of(
                new JobId(-1L),
                TaskId.index(3),
                new TaskInstanceId(-2L),
                FUNCTION,
                TIMEOUTS,
                INPUTS)
            .taskContext(new ResourceGroupId(1));
    assertEquals(TaskContext.of(-1L, TaskId.index(3), -2L, 1), taskContext);
    assertFalse(taskContext.serializedTaskGraphOutputs().isPresent());
  }

  @Test
  void toStringGivesUnsignedIdsAndSizesNotBytes() {
    String text =
        ExecutionContext.forCommit(
                new JobId(-1L), INSTANCE, FUNCTION, TIMEOUTS, INPUTS, GRAPH_OUTPUTS)
            .toString();
    assertTrue(text.contains("job=" + U64_MAX), text);
    assertTrue(text.contains("task=Commit"), text);
    assertTrue(text.contains("instance=9"), text);
    assertTrue(text.contains("function=integration_test_tasks::sum"), text);
    assertTrue(text.contains("inputs=9 bytes"), text);
    assertTrue(text.contains("taskGraphOutputs=15 bytes"), text);
    assertFalse(text.contains("[B@"), text);
  }
}
