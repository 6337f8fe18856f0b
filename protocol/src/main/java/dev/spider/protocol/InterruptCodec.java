package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Interrupt request: {@code [2, seq]}, naming the Execute to interrupt; it gets no reply
 * (docs/frame-protocol.md, "Ordering, interrupts, shutdown").
 *
 * <p>Thread-safe: stateless.
 */
final class InterruptCodec implements FrameKindCodec<Request.Interrupt> {

  static final InterruptCodec INSTANCE = new InterruptCodec();

  private InterruptCodec() {}

  @Override
  public Class<Request.Interrupt> type() {
    return Request.Interrupt.class;
  }

  @Override
  public int tag() {
    return Request.INTERRUPT_TAG;
  }

  @Override
  public String name() {
    return "Interrupt";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public void writeFields(MessagePacker p, Request.Interrupt interrupt) throws IOException {
    Integers.packU64(p, interrupt.seq());
  }

  @Override
  public Request.Interrupt readFields(ArrayValue a) throws BadShape {
    return new Request.Interrupt(Fields.u64(a.get(1), "seq"));
  }
}
