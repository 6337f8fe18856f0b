package dev.spider.tdl.binding;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import dev.spider.tdl.wire.WireFormatException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * One task of a bound package: its method handle and the codecs of its inputs and outputs, all
 * resolved once at load time, so running it reflects on nothing.
 *
 * <p>Immutable. Thread-safe as far as the task method itself is.
 */
public final class BoundTask {

  private final String name;
  private final String signature;
  private final List<TdlCodec<Object>> inputs;
  private final OutputShape outputs;
  private final List<Type> outputTypes;
  private final MethodHandle invoker; // (TaskContext, Object[]) -> Object

  BoundTask(
      String name,
      String signature,
      List<TdlCodec<Object>> inputs,
      OutputShape outputs,
      List<Type> outputTypes,
      MethodHandle invoker) {
    this.name = name;
    this.signature = signature;
    this.inputs = List.copyOf(inputs);
    this.outputs = outputs;
    this.outputTypes = List.copyOf(outputTypes);
    this.invoker = invoker;
  }

  public String name() {
    return name;
  }

  /** The Java signature, for messages and logs. */
  public String signature() {
    return signature;
  }

  public int inputCount() {
    return inputs.size();
  }

  /** The Java types of the task's inputs, in order, the context excluded. */
  public List<Type> inputTypes() {
    return inputs.stream().map(TdlCodec::type).toList();
  }

  /**
   * The Java types of the task's outputs, in order: none for {@code void}, the components of a
   * {@code @TaskOutputs} record, else the return type.
   */
  public List<Type> outputTypes() {
    return outputTypes;
  }

  /** The task's inputs and outputs as a user spells them ({@link TdlTypeNames}). */
  public TaskSignature spelledSignature() {
    return new TaskSignature(
        TdlTypeNames.spellAll(inputTypes()), TdlTypeNames.spellAll(outputTypes));
  }

  /**
   * Runs the task: decodes the wire-format inputs, invokes the method, encodes its return value as
   * wire-format outputs.
   *
   * @throws TdlError {@code DeserializationError} for malformed inputs or a count mismatch, {@code
   *     SerializationError} for an unencodable return value, or the task's own {@code TdlError}
   * @throws Throwable anything else the task method throws, unwrapped
   */
  public byte[] execute(TaskContext context, byte[] rawInputs) throws Throwable {
    Object[] args = decodeInputs(rawInputs);
    Object result = invoker.invokeExact(context, args);
    return outputs.encode(name, result);
  }

  private Object[] decodeInputs(byte[] rawInputs) throws TdlError {
    List<byte[]> payloads;
    try {
      payloads = WireFormat.decode(rawInputs, inputs.size());
    } catch (WireFormatException e) {
      throw new TdlError(
          TdlError.Kind.DESERIALIZATION_ERROR, "task '" + name + "' inputs: " + e.getMessage(), e);
    }
    Object[] args = new Object[inputs.size()];
    for (int i = 0; i < args.length; i++) {
      try {
        args[i] = inputs.get(i).decode(payloads.get(i));
      } catch (CodecException e) {
        throw new TdlError(
            TdlError.Kind.DESERIALIZATION_ERROR,
            "task '"
                + name
                + "' input "
                + i
                + " ("
                + inputs.get(i).type().getTypeName()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    return args;
  }

  /** How a task's return value becomes its outputs. */
  sealed interface OutputShape {

    byte[] encode(String task, Object result) throws TdlError;

    /** A {@code void} task: no outputs. */
    record None() implements OutputShape {
      @Override
      public byte[] encode(String task, Object result) {
        return WireFormat.empty();
      }
    }

    /** One output holding the whole return value. */
    record Single(TdlCodec<Object> codec) implements OutputShape {
      @Override
      public byte[] encode(String task, Object result) throws TdlError {
        return WireFormat.encode(List.of(encodeOne(task, codec, result, "output")));
      }
    }

    /** A {@code @TaskOutputs} record: one output per component. */
    record Components(
        List<TdlCodec<Object>> codecs, List<MethodHandle> accessors, List<String> names)
        implements OutputShape {
      @Override
      public byte[] encode(String task, Object result) throws TdlError {
        if (result == null) {
          throw TdlError.serializationError(
              "task '" + task + "' returned null instead of its outputs record");
        }
        List<byte[]> payloads = new ArrayList<>(codecs.size());
        for (int i = 0; i < codecs.size(); i++) {
          Object component;
          try {
            component = accessors.get(i).invokeExact(result);
          } catch (Throwable t) {
            throw new TdlError(
                TdlError.Kind.SERIALIZATION_ERROR,
                "task '" + task + "' output " + names.get(i) + ": accessor threw " + t,
                t);
          }
          payloads.add(encodeOne(task, codecs.get(i), component, "output " + names.get(i)));
        }
        return WireFormat.encode(payloads);
      }
    }

    private static byte[] encodeOne(String task, TdlCodec<Object> codec, Object value, String what)
        throws TdlError {
      try {
        return codec.encode(value);
      } catch (CodecException e) {
        throw new TdlError(
            TdlError.Kind.SERIALIZATION_ERROR,
            "task '"
                + task
                + "' "
                + what
                + " ("
                + codec.type().getTypeName()
                + "): "
                + e.getMessage(),
            e);
      }
    }
  }
}
