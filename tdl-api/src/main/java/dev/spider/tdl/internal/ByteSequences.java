package dev.spider.tdl.internal;

import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Byte sequences ({@code Vec<u8>}, TDL {@code Bytes}) as {@code rmp_serde} writes them: an array of
 * uints, never {@code bin}; read from either (docs/value-encodings.md, "Encoding rules").
 *
 * <p>Lengths in headers are untrusted: a short buffer announcing 2 GiB is reported as truncated
 * instead of allocating 2 GiB first.
 *
 * <p>Not API (see {@link Msgpack}). Thread-safe: stateless.
 */
public final class ByteSequences {

  private static final int CHUNK_BYTES = 64 << 10;

  private ByteSequences() {}

  /** Writes a byte sequence as an array of uints 0..255 (a Rust package rejects {@code bin}). */
  public static void pack(MessagePacker packer, byte[] bytes) throws IOException {
    packer.packArrayHeader(bytes.length);
    for (byte b : bytes) {
      packer.packInt(b & 0xff);
    }
  }

  /**
   * Reads a byte sequence written either as an array of uints 0..255 or as {@code bin}.
   *
   * @throws CodecException naming {@code what} and the offending element
   */
  public static byte[] read(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case BINARY:
        return readPayloadInChunks(unpacker, unpacker.unpackBinaryHeader());
      case ARRAY:
        return readArray(unpacker, what);
      default:
        throw new CodecException(
            what
                + ": expected a byte sequence (array of uints or bin), found "
                + Msgpack.describe(format));
    }
  }

  private static byte[] readArray(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    int n = unpacker.unpackArrayHeader();
    // The header is untrusted: grow with the elements actually read instead of allocating n.
    byte[] out = new byte[Math.min(n, CHUNK_BYTES)];
    for (int i = 0; i < n; i++) {
      if (i == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
      }
      MessageFormat element = unpacker.getNextFormat();
      if (element.getValueType() != ValueType.INTEGER) {
        throw new CodecException(
            what
                + ": byte "
                + i
                + " of "
                + n
                + " is "
                + Msgpack.describe(element)
                + ", not an integer");
      }
      long v;
      try {
        v = unpacker.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw notAByte(what, i, n, e.getBigInteger().toString());
      }
      if (v < 0 || v > 255) {
        throw notAByte(what, i, n, Long.toString(v));
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static CodecException notAByte(String what, int index, int count, String value) {
    return new CodecException(
        what + ": byte " + index + " of " + count + " is " + value + ", not in 0..255");
  }

  private static byte[] readPayloadInChunks(MessageUnpacker unpacker, int length)
      throws IOException {
    if (length <= CHUNK_BYTES) {
      return unpacker.readPayload(length);
    }
    byte[] out = new byte[CHUNK_BYTES];
    int read = 0;
    while (read < length) {
      if (read == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
      }
      int n = Math.min(out.length - read, length - read);
      unpacker.readPayload(out, read, n);
      read += n;
    }
    return out;
  }
}
