package dev.spider.protocol;

import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Hello response: {@code [1, protocol_version, [major, minor, patch], pid]}, written once at
 * start-up before any request is read (docs/frame-protocol.md, "Frames").
 *
 * <p>Thread-safe: stateless.
 */
final class HelloCodec implements FrameKindCodec<Response.Hello> {

  static final HelloCodec INSTANCE = new HelloCodec();

  private HelloCodec() {}

  @Override
  public Class<Response.Hello> type() {
    return Response.Hello.class;
  }

  @Override
  public int tag() {
    return Response.HELLO_TAG;
  }

  @Override
  public String name() {
    return "Hello";
  }

  @Override
  public int arity() {
    return 4;
  }

  @Override
  public void writeFields(MessagePacker p, Response.Hello hello) throws IOException {
    p.packInt(hello.protocolVersion());
    VersionField.write(p, hello.tdlVersion());
    p.packLong(hello.pid());
  }

  @Override
  public Response.Hello readFields(ArrayValue a) throws BadShape {
    return new Response.Hello(
        Fields.nonNegativeInt(a.get(1), "protocol_version"),
        VersionField.read(a.get(2), "Hello tdl_version"),
        Fields.u64(a.get(3), "pid"));
  }
}
