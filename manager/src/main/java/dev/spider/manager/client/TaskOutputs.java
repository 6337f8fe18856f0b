package dev.spider.manager.client;

import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import dev.spider.tdl.wire.WireFormatException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful graph task returned, as the executor sent it: a wire-format buffer (a u32
 * little-endian count, then per output a u32 little-endian length and that many bytes of
 * MessagePack). A task returning nothing has the four bytes {@code 00000000} ({@link #empty()}),
 * never an empty buffer. The structure is checked on construction; the MessagePack values inside
 * are not looked at.
 *
 * <p>Only graph tasks report outputs: {@link StorageClient#reportTaskSuccess} takes {@code
 * Optional<TaskOutputs>}, present for {@link TaskId.Index} tasks and empty for the commit and
 * cleanup tasks, whose outputs storage does not keep. {@link #forReport} picks the right one.
 *
 * <p>Immutable: the buffer is copied on the way in and out.
 *
 * @param wireFormat the wire-format buffer
 */
public record TaskOutputs(byte[] wireFormat) {

  private static final int U32_BYTES = 4;

  /**
   * @throws IllegalArgumentException when {@code wireFormat} is not exactly one wire-format buffer
   *     (shorter than its count, a length running past the end, trailing bytes)
   */
  public TaskOutputs {
    wireFormat = Objects.requireNonNull(wireFormat, "wireFormat").clone();
    checkStructure(wireFormat); // on our copy, so no one can change it after the check
  }

  /** The outputs of a task that returned nothing: count 0. */
  public static TaskOutputs empty() {
    return new TaskOutputs(WireFormat.empty());
  }

  /**
   * What to pass to {@link StorageClient#reportTaskSuccess} for a task of kind {@code taskId} that
   * succeeded with the executor's {@code wireFormat} outputs: those outputs for a graph task, none
   * for the commit and cleanup tasks (whose bytes are then ignored, not even checked).
   *
   * @throws IllegalArgumentException for a graph task whose {@code wireFormat} is malformed
   */
  public static Optional<TaskOutputs> forReport(TaskId taskId, byte[] wireFormat) {
    Objects.requireNonNull(wireFormat, "wireFormat");
    return taskId instanceof TaskId.Index
        ? Optional.of(new TaskOutputs(wireFormat))
        : Optional.empty();
  }

  /** A copy of the wire-format buffer. */
  @Override
  public byte[] wireFormat() {
    return wireFormat.clone();
  }

  /** How many outputs the task returned. */
  public int payloadCount() {
    return (int) u32(wireFormat, 0); // checkStructure bounds it by the buffer length
  }

  /** The outputs, one MessagePack value each, in order. */
  public List<byte[]> payloads() {
    try {
      return WireFormat.decode(wireFormat);
    } catch (WireFormatException e) {
      throw new IllegalStateException("checked on construction, yet: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskOutputs other && Arrays.equals(wireFormat, other.wireFormat);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(wireFormat);
  }

  @Override
  public String toString() {
    return "TaskOutputs[" + payloadCount() + " output(s), " + wireFormat.length + " bytes]";
  }

  /** Walks the headers without copying payloads (outputs may be tens of MiB). */
  private static void checkStructure(byte[] buffer) {
    if (buffer.length < U32_BYTES) {
      throw new IllegalArgumentException(
          "task outputs: "
              + buffer.length
              + " byte(s), shorter than the 4-byte output count"
              + " (a task returning nothing sends 00000000)");
    }
    long count = u32(buffer, 0);
    int pos = U32_BYTES;
    for (long i = 0; i < count; i++) {
      if (buffer.length - pos < U32_BYTES) {
        throw new IllegalArgumentException(
            "task outputs: length of output "
                + i
                + " of "
                + count
                + " truncated at byte "
                + pos
                + " of "
                + buffer.length);
      }
      long length = u32(buffer, pos);
      pos += U32_BYTES;
      if (length > buffer.length - pos) {
        throw new IllegalArgumentException(
            "task outputs: output "
                + i
                + " of "
                + count
                + " declares "
                + length
                + " bytes but only "
                + (buffer.length - pos)
                + " remain");
      }
      pos += (int) length;
    }
    if (pos != buffer.length) {
      throw new IllegalArgumentException(
          "task outputs: "
              + (buffer.length - pos)
              + " trailing byte(s) after "
              + count
              + " output(s)");
    }
  }

  private static long u32(byte[] buffer, int pos) {
    return (buffer[pos] & 0xffL)
        | (buffer[pos + 1] & 0xffL) << 8
        | (buffer[pos + 2] & 0xffL) << 16
        | (buffer[pos + 3] & 0xffL) << 24;
  }
}
