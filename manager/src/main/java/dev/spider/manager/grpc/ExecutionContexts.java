package dev.spider.manager.grpc;

import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.TdlContext;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads storage's {@code RegisterTaskInstanceResponse} into an {@link ExecutionContext}, with
 * Spider's routing of {@code serialized_task_io} by task kind (docs/cluster.md):
 *
 * <table>
 *   <caption>What {@code serialized_task_io} is</caption>
 *   <tr><th>task</th><th>field holds</th><th>becomes</th></tr>
 *   <tr><td>graph task</td><td>its inputs, wire format</td><td>the inputs, unchanged</td></tr>
 *   <tr><td>commit</td><td>the job's outputs, a serialized task outputs buffer</td>
 *       <td>the task-graph outputs; the inputs are the empty wire buffer</td></tr>
 *   <tr><td>cleanup</td><td>nothing (0 bytes)</td><td>the empty wire buffer {@code 00000000}
 *       (0 bytes would fail every cleanup task: no wire decoder takes them)</td></tr>
 * </table>
 *
 * <p>Timeouts: upstream's soft timeout is a storage-side re-enqueue deadline that its execution
 * manager ignores, so it becomes an interrupt only when the operator asked for that ({@link
 * SoftTimeouts#INTERRUPT}). A context nobody could run — a part missing, a hard timeout of 0, a
 * soft timeout after the hard one, a commit task without the job's outputs — is a {@link
 * ServerException}. Graph inputs are not looked at: malformed ones fail that task in the executor.
 *
 * <p>Immutable and thread-safe.
 */
final class ExecutionContexts {

  /** What a soft timeout from storage does. */
  enum SoftTimeouts {
    /** Nothing: only the hard timeout kills, as in upstream's execution manager. */
    IGNORE,
    /** The task is interrupted at the soft timeout (a Java task can stop cleanly). */
    INTERRUPT
  }

  private final SoftTimeouts softTimeouts;

  ExecutionContexts(SoftTimeouts softTimeouts) {
    this.softTimeouts = Objects.requireNonNull(softTimeouts, "softTimeouts");
  }

  /**
   * The context of the instance {@code reply} registered for task {@code taskId} of job {@code
   * jobId}.
   *
   * @param call the call, for messages
   * @throws ServerException when the reply is unusable
   */
  ExecutionContext read(String call, JobId jobId, TaskId taskId, RegisterTaskInstanceResponse reply)
      throws ServerException {
    if (!reply.hasExecutionContext()) {
      throw unusable(call, "the reply has no execution_context");
    }
    dev.spider.cluster.proto.storage.ExecutionContext wire = reply.getExecutionContext();
    if (!wire.hasTdlContext()) {
      throw unusable(call, "the execution context has no tdl_context");
    }
    if (!wire.hasTimeoutPolicy()) {
      throw unusable(call, "the execution context has no timeout_policy");
    }
    TdlContext tdl = wire.getTdlContext();
    TaskFunction function = new TaskFunction(tdl.getPackage(), tdl.getTaskFunc());
    TimeoutPolicy timeouts = timeouts(call, wire.getTimeoutPolicy());
    TaskInstanceId instance = new TaskInstanceId(wire.getTaskInstanceId());
    byte[] io = wire.getSerializedTaskIo().toByteArray();
    if (taskId instanceof TaskId.Commit) {
      if (io.length == 0) {
        throw unusable(call, "the commit task came without the job's outputs (serialized_task_io)");
      }
      return ExecutionContext.forCommit(
          jobId, instance, function, timeouts, WireFormat.empty(), io);
    }
    if (taskId instanceof TaskId.Cleanup && io.length == 0) {
      return ExecutionContext.of(jobId, taskId, instance, function, timeouts, WireFormat.empty());
    }
    return ExecutionContext.of(jobId, taskId, instance, function, timeouts, io);
  }

  private TimeoutPolicy timeouts(String call, dev.spider.cluster.proto.storage.TimeoutPolicy wire)
      throws ServerException {
    long hard = wire.getHardTimeoutMs();
    long soft = wire.getSoftTimeoutMs();
    if (hard == 0) {
      throw unusable(call, "hard_timeout_ms is 0");
    }
    if (hard < 0) { // u64 beyond i64: hundreds of millions of years, storage caps it at 24 h
      throw unusable(
          call, "hard_timeout_ms " + Long.toUnsignedString(hard) + " is beyond any usable timeout");
    }
    if (Long.compareUnsigned(soft, hard) > 0) {
      throw unusable(
          call,
          "soft_timeout_ms " + Long.toUnsignedString(soft) + " is after hard_timeout_ms " + hard);
    }
    Duration hardTimeout = Duration.ofMillis(hard);
    if (softTimeouts == SoftTimeouts.IGNORE || soft == 0) {
      return TimeoutPolicy.hardOnly(hardTimeout);
    }
    return TimeoutPolicy.of(Duration.ofMillis(soft), hardTimeout);
  }

  private static ServerException unusable(String call, String what) {
    return new ServerException(call + ": storage returned an unusable execution context: " + what);
  }
}
