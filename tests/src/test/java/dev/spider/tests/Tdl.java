package dev.spider.tests;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders for the contexts, inputs and outputs tests send to tasks (docs/value-encodings.md).
 * Every context belongs to job {@link #JOB_ID} unless a test names another, so executor log lines
 * name that job.
 *
 * <p>Stateless; thread-safe.
 */
public final class Tdl {

  /** The job of every context the tests build. */
  public static final long JOB_ID = 1;

  /** The task instance of every context the tests build. */
  public static final long INSTANCE_ID = 13;

  /** The resource group of every context the tests build. */
  public static final long RESOURCE_GROUP = 2;

  private Tdl() {}

  /** The context of the first graph task (index 0) of job {@link #JOB_ID}. */
  public static byte[] indexContext() {
    return indexContext(JOB_ID);
  }

  /** The context of the first graph task (index 0) of job {@code jobId}. */
  public static byte[] indexContext(long jobId) {
    try {
      return TaskContext.of(jobId, TaskId.index(0), INSTANCE_ID, RESOURCE_GROUP).encode();
    } catch (TdlError e) {
      throw new AssertionError(e);
    }
  }

  /** A commit context whose task-graph outputs are the given i64 values. */
  public static byte[] commitContext(long... outputs) {
    List<byte[]> payloads = new ArrayList<>();
    for (long output : outputs) {
      payloads.add(encode(Long.class, output));
    }
    return TaskContext.forCommit(
            JOB_ID, INSTANCE_ID, RESOURCE_GROUP, SerializedTaskOutputs.encodePlain(payloads))
        .encode();
  }

  public static <T> byte[] encode(Class<T> type, T value) {
    try {
      return TdlCodec.of(type).encode(value);
    } catch (CodecException e) {
      throw new AssertionError(e);
    }
  }

  /** Wire-format inputs from already encoded payloads. */
  public static byte[] inputs(byte[]... payloads) {
    return WireFormat.encode(List.of(payloads));
  }

  public static byte[] noInputs() {
    return WireFormat.empty();
  }

  /** The single output of a wire-format buffer, decoded as {@code type}. */
  public static <T> T singleOutput(byte[] wire, Class<T> type) throws CodecException {
    List<byte[]> outputs = WireFormat.decode(wire, 1);
    return TdlCodec.of(type).decode(outputs.get(0));
  }

  public static List<byte[]> outputs(byte[] wire) throws CodecException {
    return WireFormat.decode(wire);
  }
}
