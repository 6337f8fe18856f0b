package dev.spider.protocol;

import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Shutdown request: {@code [1]}, nothing but the tag (docs/frame-protocol.md, "Ordering,
 * interrupts, shutdown").
 *
 * <p>Thread-safe: stateless.
 */
final class ShutdownCodec implements FrameKindCodec<Request.Shutdown> {

  static final ShutdownCodec INSTANCE = new ShutdownCodec();

  private ShutdownCodec() {}

  @Override
  public Class<Request.Shutdown> type() {
    return Request.Shutdown.class;
  }

  @Override
  public int tag() {
    return Request.SHUTDOWN_TAG;
  }

  @Override
  public String name() {
    return "Shutdown";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public void writeFields(MessagePacker p, Request.Shutdown shutdown) {
    // The tag is the whole request.
  }

  @Override
  public Request.Shutdown readFields(ArrayValue a) {
    return new Request.Shutdown();
  }
}
