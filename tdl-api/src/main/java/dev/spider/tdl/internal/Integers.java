package dev.spider.tdl.internal;

import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.OptionalLong;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;

/**
 * MessagePack integers of up to 64 bits, the way Spider carries them: unsigned 64-bit IDs and
 * sequence numbers in a {@code long} read as unsigned ({@code -1L} is u64::MAX, see
 * docs/value-encodings.md, "The task context"), and arbitrary integers as a {@link BigInteger}
 * limited to what MessagePack can hold, i64::MIN to u64::MAX.
 *
 * <p>Not API (see {@link Msgpack}). Thread-safe: stateless.
 */
public final class Integers {

  /** u64::MAX, the largest integer MessagePack holds. */
  public static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** i64::MIN, the smallest integer MessagePack holds. */
  public static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private Integers() {}

  /** Writes an unsigned 64-bit value carried in a {@code long}: {@code -1L} goes out as uint64. */
  public static void packU64(MessagePacker packer, long value) throws IOException {
    if (value >= 0) {
      packer.packLong(value);
    } else {
      packer.packBigInteger(BigInteger.valueOf(value).add(TWO_TO_64));
    }
  }

  /**
   * Reads an unsigned 64-bit integer into a {@code long} with unsigned meaning.
   *
   * @throws CodecException naming {@code what} when the next value is not a non-negative integer
   */
  public static long readU64(MessageUnpacker unpacker, String what)
      throws IOException, CodecException {
    Msgpack.expect(unpacker, ValueType.INTEGER, what);
    if (unpacker.getNextFormat() == MessageFormat.UINT64) {
      return unpacker.unpackBigInteger().longValue();
    }
    long value = unpacker.unpackLong();
    if (value < 0) {
      throw new CodecException(what + ": expected an unsigned integer, found " + value);
    }
    return value;
  }

  /**
   * A decoded value as an unsigned 64-bit integer carried in a {@code long}: present when the value
   * is a non-negative integer, empty for anything else (negative integers included), so the caller
   * words the error.
   */
  public static OptionalLong asU64(Value value) {
    if (!value.isIntegerValue()) {
      return OptionalLong.empty();
    }
    BigInteger integer = value.asIntegerValue().asBigInteger();
    return integer.signum() < 0 ? OptionalLong.empty() : OptionalLong.of(integer.longValue());
  }

  /** Whether MessagePack can hold {@code value}: i64::MIN to u64::MAX. */
  public static boolean fitsMsgpack(BigInteger value) {
    return value.compareTo(I64_MIN) >= 0 && value.compareTo(U64_MAX) <= 0;
  }

  /**
   * Writes an integer in its smallest form, as {@code rmp_serde} does.
   *
   * @throws IllegalArgumentException when {@code value} is outside i64::MIN to u64::MAX: check
   *     {@link #fitsMsgpack} first and report it in the caller's terms
   */
  public static void packInteger(MessagePacker packer, BigInteger value) throws IOException {
    if (!fitsMsgpack(value)) {
      throw new IllegalArgumentException(
          "integer " + value + " is outside i64::MIN to u64::MAX; check fitsMsgpack first");
    }
    if (value.bitLength() < 64) {
      packer.packLong(value.longValue());
    } else {
      packer.packBigInteger(value);
    }
  }
}
