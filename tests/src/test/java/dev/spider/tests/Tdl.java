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

/** Builders for contexts, inputs and outputs in tests. */
public final class Tdl {

  private Tdl() {}

  /** The context of graph task 0 of job 1 (instance 13, resource group 2). */
  public static byte[] indexContext() {
    try {
      return TaskContext.of(1, TaskId.index(0), 13, 2).encode();
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
    return TaskContext.forCommit(1, 13, 2, SerializedTaskOutputs.encodePlain(payloads)).encode();
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
