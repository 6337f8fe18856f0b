package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Execute request: {@code [0, seq, package: str, task: str, raw_ctx: bin, raw_inputs: bin]}
 * (docs/frame-protocol.md, "Frames"). The context and inputs stay opaque bytes here; the executor
 * decodes them for the task.
 *
 * <p>Thread-safe: stateless.
 */
final class ExecuteCodec implements FrameKindCodec<Request.Execute> {

  static final ExecuteCodec INSTANCE = new ExecuteCodec();

  private ExecuteCodec() {}

  @Override
  public Class<Request.Execute> type() {
    return Request.Execute.class;
  }

  @Override
  public int tag() {
    return Request.EXECUTE_TAG;
  }

  @Override
  public String name() {
    return "Execute";
  }

  @Override
  public int arity() {
    return 6;
  }

  @Override
  public void writeFields(MessagePacker p, Request.Execute execute) throws IOException {
    Integers.packU64(p, execute.seq());
    p.packString(execute.packageName()).packString(execute.taskName());
    p.packBinaryHeader(execute.rawContext().length).addPayload(execute.rawContext());
    p.packBinaryHeader(execute.rawInputs().length).addPayload(execute.rawInputs());
  }

  @Override
  public Request.Execute readFields(ArrayValue a) throws BadShape {
    return new Request.Execute(
        Fields.u64(a.get(1), "seq"),
        Fields.string(a.get(2), "package"),
        Fields.string(a.get(3), "task_func"),
        Fields.bin(a.get(4), "raw_ctx"),
        Fields.bin(a.get(5), "raw_inputs"));
  }
}
