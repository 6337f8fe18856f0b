package dev.spider.tdl.internal;

import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.util.Locale;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageFormatException;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageStringCodingException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The one home of the project's MessagePack plumbing: encoding into memory as {@code rmp_serde}
 * does ({@code str8} for short strings, see docs/value-encodings.md), decoding a buffer that must
 * hold exactly one value, and the checks every reader makes. Integers of 64 bits are in {@link
 * Integers}, byte sequences in {@link ByteSequences}, strict UTF-8 in {@link Utf8}.
 *
 * <p>Not API: packages must not use this class (its signatures name msgpack-core types, which a
 * package cannot see), but every module of the project may. Thread-safe: stateless.
 */
public final class Msgpack {

  private static final MessagePack.PackerConfig PACKER_CONFIG =
      new MessagePack.PackerConfig().withStr8FormatSupport(true);
  // REPORT, not msgpack-core's default REPLACE: a string that is not UTF-8 is malformed input,
  // never silently turned into U+FFFD.
  private static final MessagePack.UnpackerConfig UNPACKER_CONFIG =
      new MessagePack.UnpackerConfig()
          .withActionOnMalformedString(CodingErrorAction.REPORT)
          .withActionOnUnmappableString(CodingErrorAction.REPORT);

  private Msgpack() {}

  /** Reads one value from an unpacker. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(MessageUnpacker unpacker) throws IOException, CodecException;
  }

  /**
   * Writes values into a packer.
   *
   * @param <X> the checked exception the writer may throw besides {@link IOException}; inferred as
   *     {@link RuntimeException} for writers that throw none
   */
  @FunctionalInterface
  public interface Writer<X extends Exception> {
    void write(MessagePacker packer) throws IOException, X;
  }

  /**
   * The first value of a buffer and how many bytes follow it: for readers that treat trailing bytes
   * as their own kind of error (the executor answers them with {@code InvalidRequest}).
   *
   * @param trailingBytes at least 0
   */
  public record FirstValue<T>(T value, int trailingBytes) {

    public FirstValue {
      if (trailingBytes < 0) {
        throw new IllegalArgumentException("trailingBytes " + trailingBytes + " < 0");
      }
    }

    public boolean hasTrailingBytes() {
      return trailingBytes > 0;
    }
  }

  /**
   * Encodes whatever {@code writer} packs, as {@code rmp_serde} would.
   *
   * @throws X when the writer refuses a value
   */
  public static <X extends Exception> byte[] encode(Writer<X> writer) throws X {
    try (MessageBufferPacker packer = PACKER_CONFIG.newBufferPacker()) {
      writer.write(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  /**
   * Decodes {@code bytes} as exactly one value: malformed or truncated input and trailing bytes are
   * all {@link CodecException}s naming {@code what}.
   */
  public static <T> T decodeWhole(byte[] bytes, String what, Reader<T> reader)
      throws CodecException {
    return decodeWhole(bytes, what, DecodeLimits.VALUES, reader);
  }

  /**
   * As {@link #decodeWhole(byte[], String, Reader)}, within {@code limits}.
   *
   * @throws RefusedValueException when the value is well-formed but beyond {@code limits}
   */
  public static <T> T decodeWhole(byte[] bytes, String what, DecodeLimits limits, Reader<T> reader)
      throws CodecException {
    FirstValue<T> first = decodeFirst(bytes, what, limits, reader);
    if (first.hasTrailingBytes()) {
      int consumed = bytes.length - first.trailingBytes();
      throw new CodecException(
          what
              + ": "
              + first.trailingBytes()
              + " trailing byte(s) after the value (consumed "
              + consumed
              + " of "
              + bytes.length
              + ")");
    }
    return first.value();
  }

  /**
   * Decodes the first value of {@code bytes} and counts the bytes after it, within {@link
   * DecodeLimits#VALUES}.
   *
   * @throws CodecException naming {@code what} when the buffer is empty or does not start with one
   *     whole, well-formed value
   */
  public static <T> FirstValue<T> decodeFirst(byte[] bytes, String what, Reader<T> reader)
      throws CodecException {
    return decodeFirst(bytes, what, DecodeLimits.VALUES, reader);
  }

  /**
   * Decodes the first value of {@code bytes} and counts the bytes after it. The value is walked
   * first ({@link MsgpackScanner}), so the reader only ever sees a value that is all there and
   * within {@code limits}: no header can make it allocate more than the buffer holds.
   *
   * @throws RefusedValueException when the value is well-formed but beyond {@code limits}
   * @throws CodecException naming {@code what} when the buffer is empty or does not start with one
   *     whole, well-formed value, or when the reader refuses it
   */
  public static <T> FirstValue<T> decodeFirst(
      byte[] bytes, String what, DecodeLimits limits, Reader<T> reader) throws CodecException {
    if (bytes.length == 0) {
      throw new CodecException(what + ": empty buffer, expected one MessagePack value");
    }
    MsgpackScanner.Scan scan = MsgpackScanner.scan(bytes, 0, limits);
    if (scan instanceof MsgpackScanner.Scan.Truncated t) {
      throw new CodecException(
          what + ": truncated MessagePack value (" + bytes.length + " bytes): " + t.detail());
    }
    if (scan instanceof MsgpackScanner.Scan.Malformed m) {
      throw new CodecException(what + ": malformed MessagePack: " + m.detail());
    }
    if (scan instanceof MsgpackScanner.Scan.Refused r) {
      throw new RefusedValueException(what + ": refused MessagePack value: " + r.detail());
    }
    try (MessageUnpacker unpacker = UNPACKER_CONFIG.newUnpacker(bytes)) {
      T value = reader.read(unpacker);
      return new FirstValue<>(value, Math.toIntExact(bytes.length - unpacker.getTotalReadBytes()));
    } catch (MessageInsufficientBufferException e) {
      throw new CodecException(
          what + ": truncated MessagePack value (" + bytes.length + " bytes)", e);
    } catch (MessageFormatException e) {
      throw new CodecException(what + ": malformed MessagePack: " + e.getMessage(), e);
    } catch (MessagePackException e) {
      // The rest of msgpack-core's unchecked exceptions (MessageSizeException for an array32
      // header beyond 2^31 - 1, MessageTypeException, ...) are malformed input too, not bugs.
      throw new CodecException(what + ": invalid MessagePack: " + e.getMessage(), e);
    } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
      // What msgpack-core's conversions throw (a timestamp into an Instant, a size into an int)
      // when the scan let a value through that they still cannot represent: the bytes' fault.
      throw new CodecException(what + ": unrepresentable MessagePack value: " + e, e);
    } catch (IOException e) {
      throw new CodecException(what + ": " + e.getMessage(), e);
    }
  }

  /** A short name of a MessagePack format for error messages, e.g. {@code "string (FIXSTR)"}. */
  public static String describe(MessageFormat format) {
    return format.getValueType().name().toLowerCase(Locale.ROOT) + " (" + format.name() + ")";
  }

  /**
   * Checks the type of the next value without consuming it.
   *
   * @throws CodecException naming {@code what}, the expected type and the format found
   */
  public static void expect(MessageUnpacker unpacker, ValueType type, String what)
      throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != type) {
      throw new CodecException(
          what
              + ": expected "
              + type.name().toLowerCase(Locale.ROOT)
              + ", found "
              + describe(format));
    }
  }

  /**
   * Reads a string, strictly UTF-8.
   *
   * @throws CodecException naming {@code what} when the next value is not a string or not UTF-8
   */
  public static String readString(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    expect(unpacker, ValueType.STRING, what);
    try {
      return unpacker.unpackString();
    } catch (MessageStringCodingException e) {
      throw new CodecException(what + ": string is not valid UTF-8", e);
    }
  }
}
