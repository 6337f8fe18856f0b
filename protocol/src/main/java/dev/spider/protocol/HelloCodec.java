package dev.spider.protocol;

import java.io.IOException;
import java.util.Arrays;
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

  private static final int FIXARRAY = 0x90;

  /** Two array headers and six integers of at most 9 bytes each. */
  private static final int MAX_BYTES = 2 + 6 * 9;

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

  /**
   * Encodes a Hello by hand, to the bytes msgpack-core's packer writes for it (every integer in its
   * shortest form; {@code HelloCodecTest} holds the two equal). The Hello is an executor's first
   * output, and loading msgpack-core and linking the packer's lambda before it would cost
   * milliseconds of every executor start (docs/benchmark.md, "The class-data archive").
   */
  @Override
  public byte[] encode(Object frame) {
    Response.Hello hello = type().cast(frame);
    byte[] out = new byte[MAX_BYTES];
    int at = 0;
    out[at++] = (byte) (FIXARRAY | arity());
    at = writeInteger(out, at, tag());
    at = writeInteger(out, at, hello.protocolVersion());
    out[at++] = (byte) (FIXARRAY | 3);
    at = writeInteger(out, at, hello.tdlVersion().major());
    at = writeInteger(out, at, hello.tdlVersion().minor());
    at = writeInteger(out, at, hello.tdlVersion().patch());
    at = writeInteger(out, at, hello.pid());
    return Arrays.copyOf(out, at);
  }

  /** Writes {@code v} as {@code MessagePacker.packLong} does; returns the next position. */
  private static int writeInteger(byte[] out, int at, long v) {
    if (v >= -32 && v < 128) {
      out[at] = (byte) v; // positive or negative fixint
      return at + 1;
    }
    int header;
    int bytes;
    if (v < 0) {
      if (v >= Byte.MIN_VALUE) {
        header = 0xd0;
        bytes = 1;
      } else if (v >= Short.MIN_VALUE) {
        header = 0xd1;
        bytes = 2;
      } else if (v >= Integer.MIN_VALUE) {
        header = 0xd2;
        bytes = 4;
      } else {
        header = 0xd3;
        bytes = 8;
      }
    } else if (v < 1L << 8) {
      header = 0xcc;
      bytes = 1;
    } else if (v < 1L << 16) {
      header = 0xcd;
      bytes = 2;
    } else if (v < 1L << 32) {
      header = 0xce;
      bytes = 4;
    } else {
      header = 0xcf;
      bytes = 8;
    }
    out[at++] = (byte) header;
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      out[at++] = (byte) (v >>> shift);
    }
    return at;
  }

  /** The packer's encoding, kept for {@code HelloCodecTest} to hold {@link #encode} against. */
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
