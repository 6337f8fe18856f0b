package dev.spider.tdl.internal;

import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageFormatException;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferOutput;
import org.msgpack.value.ValueType;

/**
 * MessagePack helpers shared by the codecs, encoding as {@code rmp_serde} does: the smallest form
 * for every integer, unsigned markers for non-negative values, {@code str8} for short strings.
 *
 * <p>Not API: packages must not use this class (its signatures name msgpack-core types, which a
 * package cannot see). Thread-safe: stateless.
 */
public final class Msgpack {

  private static final MessagePack.PackerConfig PACKER_CONFIG =
      new MessagePack.PackerConfig().withStr8FormatSupport(true);
  private static final MessagePack.UnpackerConfig UNPACKER_CONFIG =
      new MessagePack.UnpackerConfig()
          .withActionOnMalformedString(CodingErrorAction.REPORT)
          .withActionOnUnmappableString(CodingErrorAction.REPORT);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
  private static final int CHUNK_BYTES = 64 << 10;

  private Msgpack() {}

  /** Reads one value from an unpacker. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(MessageUnpacker unpacker) throws IOException, CodecException;
  }

  /** A packer writing into memory; take the bytes with {@link #toByteArray}. */
  public static MessagePacker newPacker() {
    return PACKER_CONFIG.newBufferPacker();
  }

  public static byte[] toByteArray(MessagePacker packer) {
    return ((org.msgpack.core.MessageBufferPacker) packer).toByteArray();
  }

  public static MessageUnpacker newUnpacker(byte[] bytes) {
    return UNPACKER_CONFIG.newUnpacker(bytes);
  }

  public static ArrayBufferOutput newOutput() {
    return new ArrayBufferOutput();
  }

  /**
   * Decodes {@code bytes} as exactly one value: malformed or truncated input and trailing bytes are
   * all {@link CodecException}s naming {@code what}.
   */
  public static <T> T decodeWhole(byte[] bytes, String what, Reader<T> reader)
      throws CodecException {
    if (bytes.length == 0) {
      throw new CodecException(what + ": empty buffer, expected one MessagePack value");
    }
    try (MessageUnpacker unpacker = newUnpacker(bytes)) {
      T value = reader.read(unpacker);
      if (unpacker.hasNext()) {
        long consumed = unpacker.getTotalReadBytes();
        throw new CodecException(
            what
                + ": "
                + (bytes.length - consumed)
                + " trailing byte(s) after the value (consumed "
                + consumed
                + " of "
                + bytes.length
                + ")");
      }
      return value;
    } catch (MessageInsufficientBufferException e) {
      throw new CodecException(what + ": truncated MessagePack value (" + bytes.length + " bytes)", e);
    } catch (MessageFormatException e) {
      throw new CodecException(what + ": malformed MessagePack: " + e.getMessage(), e);
    } catch (MessagePackException e) {
      // The rest of msgpack-core's unchecked exceptions (MessageSizeException for an array32
      // header beyond 2^31 - 1, MessageTypeException, ...) are malformed input too, not bugs.
      throw new CodecException(what + ": invalid MessagePack: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CodecException(what + ": " + e.getMessage(), e);
    }
  }

  /** A short name of a MessagePack format for error messages, e.g. {@code "string"}. */
  public static String describe(MessageFormat format) {
    return format.getValueType().name().toLowerCase(java.util.Locale.ROOT)
        + " ("
        + format.name()
        + ")";
  }

  public static void expect(MessageUnpacker unpacker, ValueType type, String what)
      throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != type) {
      throw new CodecException(
          what + ": expected " + type.name().toLowerCase(java.util.Locale.ROOT) + ", found " + describe(format));
    }
  }

  public static String readString(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    expect(unpacker, ValueType.STRING, what);
    try {
      return unpacker.unpackString();
    } catch (org.msgpack.core.MessageStringCodingException e) {
      throw new CodecException(what + ": string is not valid UTF-8", e);
    }
  }

  /** Writes an unsigned 64-bit value carried in a {@code long}. */
  public static void packU64(MessagePacker packer, long value) throws IOException {
    if (value >= 0) {
      packer.packLong(value);
    } else {
      packer.packBigInteger(BigInteger.valueOf(value).add(TWO_TO_64));
    }
  }

  /** Reads an unsigned 64-bit integer into a {@code long} with unsigned semantics. */
  public static long readU64(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    expect(unpacker, ValueType.INTEGER, what);
    MessageFormat format = unpacker.getNextFormat();
    if (format == MessageFormat.UINT64) {
      return unpacker.unpackBigInteger().longValue();
    }
    long value = unpacker.unpackLong();
    if (value < 0) {
      throw new CodecException(what + ": expected an unsigned integer, found " + value);
    }
    return value;
  }

  /**
   * Writes a byte sequence the way {@code rmp_serde} writes a {@code Vec<u8>}: an array of uints,
   * never {@code bin} (a Rust package rejects {@code bin} there).
   */
  public static void packByteSequence(MessagePacker packer, byte[] bytes) throws IOException {
    packer.packArrayHeader(bytes.length);
    for (byte b : bytes) {
      packer.packInt(b & 0xff);
    }
  }

  /**
   * Reads a {@code bin} payload of a declared length without trusting that length: a short buffer
   * announcing 2 GiB is reported as truncated instead of allocating 2 GiB first.
   */
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

  /** Reads a byte sequence written either as an array of uints 0..255 or as {@code bin}. */
  public static byte[] readByteSequence(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case BINARY:
        return readPayloadInChunks(unpacker, unpacker.unpackBinaryHeader());
      case ARRAY:
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
                what + ": byte " + i + " of " + n + " is " + describe(element) + ", not an integer");
          }
          long v;
          try {
            v = unpacker.unpackLong();
          } catch (MessageIntegerOverflowException e) {
            throw new CodecException(
                what + ": byte " + i + " of " + n + " is " + e.getBigInteger() + ", not in 0..255");
          }
          if (v < 0 || v > 255) {
            throw new CodecException(what + ": byte " + i + " of " + n + " is " + v + ", not in 0..255");
          }
          out[i] = (byte) v;
        }
        return out;
      default:
        throw new CodecException(
            what + ": expected a byte sequence (array of uints or bin), found " + describe(format));
    }
  }
}
