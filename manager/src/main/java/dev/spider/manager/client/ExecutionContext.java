package dev.spider.manager.client;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to run one registered task instance, as {@link
 * StorageClient#registerTaskInstance} returns it: which task it is, the function to run, its
 * timeouts, its serialized inputs and, for the commit task only, the job's serialized task-graph
 * outputs (Spider routes the job's outputs into the commit task's {@link TaskContext}).
 *
 * <p>Spider's rule, enforced on construction as {@link TaskContext#of} enforces it: task-graph
 * outputs are present for the {@link TaskId#COMMIT commit} task and absent for every other. A
 * violation is a caller bug here ({@link IllegalArgumentException}); a client that receives one
 * from storage reports it as a {@link ServerException}.
 *
 * <p>Immutable: byte arrays are copied on the way in and out; {@code equals} compares contents.
 *
 * @param jobId the job the task belongs to
 * @param taskId which task of the job
 * @param taskInstanceId the instance storage registered; name it in the outcome report
 * @param function the package and task function to execute
 * @param timeoutPolicy the soft and hard timeouts of this instance
 * @param serializedInputs the task inputs in wire format, passed to the executor as {@code
 *     raw_inputs} unchanged (malformed inputs are the executor's to report, as a {@code
 *     DeserializationError} of the task)
 * @param serializedTaskGraphOutputs the job's outputs as a serialized task outputs buffer (option
 *     byte, then wire format, maybe zstd); present exactly for the commit task
 */
public record ExecutionContext(
    JobId jobId,
    TaskId taskId,
    TaskInstanceId taskInstanceId,
    TaskFunction function,
    TimeoutPolicy timeoutPolicy,
    byte[] serializedInputs,
    Optional<byte[]> serializedTaskGraphOutputs) {

  /**
   * @throws IllegalArgumentException when task-graph outputs are missing for the commit task or
   *     given to any other task
   */
  public ExecutionContext {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(taskInstanceId, "taskInstanceId");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(timeoutPolicy, "timeoutPolicy");
    Objects.requireNonNull(serializedInputs, "serializedInputs");
    Objects.requireNonNull(serializedTaskGraphOutputs, "serializedTaskGraphOutputs");
    boolean commit = taskId instanceof TaskId.Commit;
    if (commit && serializedTaskGraphOutputs.isEmpty()) {
      throw new IllegalArgumentException(
          "the commit task of job "
              + jobId
              + " (instance "
              + taskInstanceId
              + ") needs the job's task-graph outputs");
    }
    if (!commit && serializedTaskGraphOutputs.isPresent()) {
      throw new IllegalArgumentException(
          "task "
              + taskId
              + " of job "
              + jobId
              + " (instance "
              + taskInstanceId
              + ") is not the commit task and must not carry task-graph outputs");
    }
    serializedInputs = serializedInputs.clone();
    serializedTaskGraphOutputs = serializedTaskGraphOutputs.map(byte[]::clone);
  }

  /**
   * The context of a graph task or the cleanup task, which carry no task-graph outputs.
   *
   * @throws IllegalArgumentException when {@code taskId} is the commit task: use {@link #forCommit}
   */
  public static ExecutionContext of(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      TaskFunction function,
      TimeoutPolicy timeoutPolicy,
      byte[] serializedInputs) {
    return new ExecutionContext(
        jobId, taskId, taskInstanceId, function, timeoutPolicy, serializedInputs, Optional.empty());
  }

  /** The context of the commit task, carrying the job's serialized task-graph outputs. */
  public static ExecutionContext forCommit(
      JobId jobId,
      TaskInstanceId taskInstanceId,
      TaskFunction function,
      TimeoutPolicy timeoutPolicy,
      byte[] serializedInputs,
      byte[] serializedTaskGraphOutputs) {
    return new ExecutionContext(
        jobId,
        TaskId.COMMIT,
        taskInstanceId,
        function,
        timeoutPolicy,
        serializedInputs,
        Optional.of(serializedTaskGraphOutputs));
  }

  /** A copy of the serialized inputs. */
  @Override
  public byte[] serializedInputs() {
    return serializedInputs.clone();
  }

  /** A copy of the serialized task-graph outputs, present for the commit task only. */
  @Override
  public Optional<byte[]> serializedTaskGraphOutputs() {
    return serializedTaskGraphOutputs.map(byte[]::clone);
  }

  /**
   * The {@link TaskContext} the task receives (the executor's {@code raw_ctx} is its {@link
   * TaskContext#encode() encoding}), carrying the task-graph outputs for the commit task.
   *
   * @param resourceGroupId the resource group of the job, from the {@link TaskAssignment}
   */
  public TaskContext taskContext(ResourceGroupId resourceGroupId) {
    try {
      return TaskContext.of(
          jobId.value(),
          taskId,
          taskInstanceId.value(),
          resourceGroupId.value(),
          serializedTaskGraphOutputs);
    } catch (TdlError e) {
      // Our constructor enforces the same rule as TaskContext.of.
      throw new IllegalStateException("checked on construction, yet: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecutionContext other
        && jobId.equals(other.jobId)
        && taskId.equals(other.taskId)
        && taskInstanceId.equals(other.taskInstanceId)
        && function.equals(other.function)
        && timeoutPolicy.equals(other.timeoutPolicy)
        && Arrays.equals(serializedInputs, other.serializedInputs)
        && Arrays.equals(
            serializedTaskGraphOutputs.orElse(null), other.serializedTaskGraphOutputs.orElse(null));
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, taskId, taskInstanceId, function, timeoutPolicy)
        + 31 * Arrays.hashCode(serializedInputs)
        + 961 * Arrays.hashCode(serializedTaskGraphOutputs.orElse(null));
  }

  /** IDs, function and sizes; never the bytes. */
  @Override
  public String toString() {
    return "ExecutionContext[job="
        + jobId
        + ", task="
        + taskId
        + ", instance="
        + taskInstanceId
        + ", function="
        + function
        + ", timeouts="
        + timeoutPolicy
        + ", inputs="
        + serializedInputs.length
        + " bytes"
        + serializedTaskGraphOutputs
            .map(b -> ", taskGraphOutputs=" + b.length + " bytes")
            .orElse("")
        + "]";
  }
}
