package dev.spider.tdl;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.internal.ByteSequences;
import dev.spider.tdl.internal.Integers;
import dev.spider.tdl.internal.Msgpack;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * What a task instance knows about itself: its job, which task of the job it is, its instance and
 * resource group, and, for the commit task only, the job's task-graph outputs.
 *
 * <p>IDs are unsigned 64-bit values carried in {@code long} ({@code -1L} is u64::MAX); {@link
 * #toString()} prints them unsigned.
 *
 * <p>Spider's rule: task-graph outputs are present for the {@link TaskId#COMMIT commit} task and
 * absent for every other. The factory methods enforce it ({@link TdlError.Kind#INVALID_TASK_CONTEXT
 * InvalidTaskContext}); {@link #decode(byte[])} deliberately does not, so a malformed context
 * reaches the task, which then fails on its own terms, as in Spider.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskContext {

  private final long jobId;
  private final TaskId taskId;
  private final long taskInstanceId;
  private final long resourceGroupId;
  private final byte[] serializedTaskGraphOutputs; // null when absent; never exposed unshared

  private TaskContext(
      long jobId,
      TaskId taskId,
      long taskInstanceId,
      long resourceGroupId,
      byte[] serializedTaskGraphOutputs) {
    this.jobId = jobId;
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    this.taskInstanceId = taskInstanceId;
    this.resourceGroupId = resourceGroupId;
    this.serializedTaskGraphOutputs = serializedTaskGraphOutputs;
  }

  /**
   * Builds a context, enforcing Spider's rule.
   *
   * @param serializedTaskGraphOutputs the job's outputs as a serialized task outputs buffer (option
   *     byte + wire format); present exactly when {@code taskId} is the commit task
   * @throws TdlError {@code InvalidTaskContext} when outputs are given to a non-commit task or
   *     missing for the commit task
   */
  public static TaskContext of(
      long jobId,
      TaskId taskId,
      long taskInstanceId,
      long resourceGroupId,
      Optional<byte[]> serializedTaskGraphOutputs)
      throws TdlError {
    boolean commit = taskId instanceof TaskId.Commit;
    if (commit && serializedTaskGraphOutputs.isEmpty()) {
      throw TdlError.invalidTaskContext(
          "the commit task of job " + Long.toUnsignedString(jobId) + " needs task-graph outputs");
    }
    if (!commit && serializedTaskGraphOutputs.isPresent()) {
      throw TdlError.invalidTaskContext(
          "task "
              + taskId
              + " of job "
              + Long.toUnsignedString(jobId)
              + " is not the commit task and must not carry task-graph outputs");
    }
    return new TaskContext(
        jobId,
        taskId,
        taskInstanceId,
        resourceGroupId,
        serializedTaskGraphOutputs.map(byte[]::clone).orElse(null));
  }

  /** Context of a graph task or the cleanup task (no task-graph outputs). */
  public static TaskContext of(long jobId, TaskId taskId, long taskInstanceId, long resourceGroupId)
      throws TdlError {
    return of(jobId, taskId, taskInstanceId, resourceGroupId, Optional.empty());
  }

  /** Context of the commit task, carrying the job's serialized task-graph outputs. */
  public static TaskContext forCommit(
      long jobId, long taskInstanceId, long resourceGroupId, byte[] serializedTaskGraphOutputs) {
    return new TaskContext(
        jobId, TaskId.COMMIT, taskInstanceId, resourceGroupId, serializedTaskGraphOutputs.clone());
  }

  public long jobId() {
    return jobId;
  }

  public TaskId taskId() {
    return taskId;
  }

  public long taskInstanceId() {
    return taskInstanceId;
  }

  public long resourceGroupId() {
    return resourceGroupId;
  }

  /** The raw serialized task-graph outputs (option byte + payload), if this context has them. */
  public Optional<byte[]> serializedTaskGraphOutputs() {
    return Optional.ofNullable(serializedTaskGraphOutputs).map(byte[]::clone);
  }

  /**
   * The job's task-graph outputs, one MessagePack payload per output, decompressed if they were
   * stored compressed.
   *
   * @throws TdlError {@code InvalidTaskContext} when this context has no task-graph outputs (only
   *     the commit task has them); {@code DeserializationError} when they are malformed
   */
  public List<byte[]> taskGraphOutputs() throws TdlError {
    if (serializedTaskGraphOutputs == null) {
      throw TdlError.invalidTaskContext(
          "task " + taskId + " has no task-graph outputs: only the commit task receives them");
    }
    try {
      return SerializedTaskOutputs.decode(serializedTaskGraphOutputs);
    } catch (CodecException e) {
      throw new TdlError(
          TdlError.Kind.DESERIALIZATION_ERROR, "task-graph outputs: " + e.getMessage(), e);
    }
  }

  /**
   * The job's task-graph outputs, each decoded as {@code type}.
   *
   * @throws TdlError as {@link #taskGraphOutputs()}, and {@code DeserializationError} naming the
   *     output when one is not a {@code type}
   */
  public <T> List<T> taskGraphOutputs(Class<T> type) throws TdlError {
    TdlCodec<T> codec = TdlCodec.of(type);
    List<byte[]> payloads = taskGraphOutputs();
    List<T> values = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      try {
        values.add(codec.decode(payloads.get(i)));
      } catch (CodecException e) {
        throw new TdlError(
            TdlError.Kind.DESERIALIZATION_ERROR,
            "task-graph output " + i + " as " + type.getSimpleName() + ": " + e.getMessage(),
            e);
      }
    }
    return values;
  }

  /** Encodes this context as {@code rmp_serde} encodes Spider's {@code TaskContext}. */
  public byte[] encode() {
    return Msgpack.encode(
        packer -> {
          packer.packArrayHeader(5);
          Integers.packU64(packer, jobId);
          packTaskId(packer, taskId);
          Integers.packU64(packer, taskInstanceId);
          Integers.packU64(packer, resourceGroupId);
          if (serializedTaskGraphOutputs == null) {
            packer.packNil();
          } else {
            ByteSequences.pack(packer, serializedTaskGraphOutputs);
          }
        });
  }

  /**
   * Decodes a MessagePack {@code TaskContext}. Does not re-check Spider's outputs rule.
   *
   * @throws CodecException naming the field when the bytes are not exactly one TaskContext
   */
  public static TaskContext decode(byte[] bytes) throws CodecException {
    return Msgpack.decodeWhole(bytes, "TaskContext", TaskContext::read);
  }

  private static TaskContext read(MessageUnpacker unpacker) throws IOException, CodecException {
    Msgpack.expect(unpacker, ValueType.ARRAY, "TaskContext");
    int fields = unpacker.unpackArrayHeader();
    if (fields != 5) {
      throw new CodecException("TaskContext: expected an array of 5 fields, found " + fields);
    }
    long jobId = Integers.readU64(unpacker, "TaskContext.job_id");
    TaskId taskId = readTaskId(unpacker);
    long taskInstanceId = Integers.readU64(unpacker, "TaskContext.task_instance_id");
    long resourceGroupId = Integers.readU64(unpacker, "TaskContext.resource_group_id");
    byte[] outputs = null;
    if (unpacker.getNextFormat() == MessageFormat.NIL) {
      unpacker.unpackNil();
    } else {
      outputs = ByteSequences.read(unpacker, "TaskContext.serialized_task_graph_outputs");
    }
    return new TaskContext(jobId, taskId, taskInstanceId, resourceGroupId, outputs);
  }

  /** Decodes a MessagePack {@code TaskId}. */
  public static TaskId decodeTaskId(byte[] bytes) throws CodecException {
    return Msgpack.decodeWhole(bytes, "TaskId", TaskContext::readTaskId);
  }

  /** Encodes a {@code TaskId} as {@code rmp_serde} does. */
  public static byte[] encodeTaskId(TaskId taskId) {
    return Msgpack.encode(packer -> packTaskId(packer, taskId));
  }

  private static void packTaskId(MessagePacker packer, TaskId taskId) throws IOException {
    if (taskId instanceof TaskId.Index index) {
      packer.packMapHeader(1);
      packer.packString("Index");
      Integers.packU64(packer, index.index());
    } else {
      packer.packString(taskId.toString());
    }
  }

  private static TaskId readTaskId(MessageUnpacker unpacker) throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() == ValueType.STRING) {
      String variant = Msgpack.readString(unpacker, "TaskId");
      switch (variant) {
        case "Commit":
          return TaskId.COMMIT;
        case "Cleanup":
          return TaskId.CLEANUP;
        default:
          throw new CodecException(
              "TaskId: unknown unit variant '" + variant + "' (expected Commit or Cleanup)");
      }
    }
    if (format.getValueType() == ValueType.MAP) {
      int entries = unpacker.unpackMapHeader();
      if (entries != 1) {
        throw new CodecException("TaskId: expected a one-entry map, found " + entries + " entries");
      }
      String variant = Msgpack.readString(unpacker, "TaskId variant");
      if (!variant.equals("Index")) {
        throw new CodecException("TaskId: unknown variant '" + variant + "' (expected Index)");
      }
      return TaskId.index(Integers.readU64(unpacker, "TaskId.Index"));
    }
    throw new CodecException(
        "TaskId: expected {\"Index\": n}, \"Commit\" or \"Cleanup\", found "
            + Msgpack.describe(format));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskContext other
        && jobId == other.jobId
        && taskId.equals(other.taskId)
        && taskInstanceId == other.taskInstanceId
        && resourceGroupId == other.resourceGroupId
        && Arrays.equals(serializedTaskGraphOutputs, other.serializedTaskGraphOutputs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, taskId, taskInstanceId, resourceGroupId)
        + 31 * Arrays.hashCode(serializedTaskGraphOutputs);
  }

  @Override
  public String toString() {
    return "TaskContext{job="
        + Long.toUnsignedString(jobId)
        + ", task="
        + taskId
        + ", instance="
        + Long.toUnsignedString(taskInstanceId)
        + ", resourceGroup="
        + Long.toUnsignedString(resourceGroupId)
        + (serializedTaskGraphOutputs == null
            ? ""
            : ", taskGraphOutputs=" + serializedTaskGraphOutputs.length + " bytes")
        + "}";
  }
}
