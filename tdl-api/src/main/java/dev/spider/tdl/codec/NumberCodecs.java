package dev.spider.tdl.codec;

import static dev.spider.tdl.codec.CodecChecks.expectInteger;
import static dev.spider.tdl.codec.CodecChecks.mismatch;
import static dev.spider.tdl.codec.CodecChecks.requirePresent;

import dev.spider.tdl.internal.Integers;
import java.io.IOException;
import java.math.BigInteger;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The codecs of numbers: {@code long}, {@code int}, {@code short}, {@code byte}, {@link
 * BigInteger}, {@code double} and {@code float}. Decoding checks the Java type's range: a value
 * that does not fit is an error, never a silent wrap (docs/value-encodings.md, "Java type
 * mapping").
 *
 * <p>These codecs refuse null; {@link ScalarCodecs} wraps them for the boxes. Thread-safe: every
 * codec is stateless.
 */
final class NumberCodecs {

  // Factories, not constants: a package's first task builds only the codecs its signatures use,
  // and every codec class loaded on that path costs an executor's first task start-up time.

  static ValueCodec ofLong() {
    return new LongCodec();
  }

  static ValueCodec ofInt() {
    return IntCodec.INT;
  }

  static ValueCodec ofShort() {
    return IntCodec.SHORT;
  }

  static ValueCodec ofByte() {
    return IntCodec.BYTE;
  }

  static ValueCodec ofBigInteger() {
    return new BigIntegerCodec();
  }

  static ValueCodec ofDouble() {
    return new DoubleCodec();
  }

  static ValueCodec ofFloat() {
    return new FloatCodec();
  }

  private NumberCodecs() {}

  private static final class LongCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packLong(requirePresent(v, "long"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      try {
        return u.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw new CodecException(
            "integer "
                + e.getBigInteger()
                + " is out of range for long (i64); use BigInteger for u64 values");
      }
    }
  }

  /** The integers narrower than {@code long}, each with its range and its box. */
  private enum IntCodec implements ValueCodec {
    INT(Integer.MIN_VALUE, Integer.MAX_VALUE, "Integer") {
      @Override
      Object box(long value) {
        return (int) value;
      }
    },
    SHORT(Short.MIN_VALUE, Short.MAX_VALUE, "Short") {
      @Override
      Object box(long value) {
        return (short) value;
      }
    },
    BYTE(Byte.MIN_VALUE, Byte.MAX_VALUE, "Byte") {
      @Override
      Object box(long value) {
        return (byte) value;
      }
    };

    private final long min;
    private final long max;
    private final String boxName;

    IntCodec(long min, long max, String boxName) {
      this.min = min;
      this.max = max;
      this.boxName = boxName;
    }

    /** {@code value}, already checked to be in range, as this type's box. */
    abstract Object box(long value);

    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packLong(((Number) requirePresent(v, boxName)).longValue());
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      long value;
      try {
        value = u.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw outOfRange(e.getBigInteger().toString());
      }
      if (value < min || value > max) {
        throw outOfRange(Long.toString(value));
      }
      return box(value);
    }

    private CodecException outOfRange(String value) {
      return new CodecException(
          "integer " + value + " is out of range for " + boxName + " [" + min + ", " + max + "]");
    }
  }

  private static final class BigIntegerCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      BigInteger b = (BigInteger) v;
      if (!Integers.fitsMsgpack(b)) {
        throw new CodecException("BigInteger " + b + " is outside the u64/i64 range");
      }
      Integers.packInteger(p, b);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      return u.unpackBigInteger();
    }
  }

  private static final class DoubleCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packDouble(requirePresent(v, "double"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f == MessageFormat.FLOAT64) {
        return u.unpackDouble();
      }
      if (f == MessageFormat.FLOAT32) {
        return (double) u.unpackFloat();
      }
      throw mismatch(f, "a float");
    }
  }

  private static final class FloatCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packFloat(requirePresent(v, "float"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f == MessageFormat.FLOAT32) {
        return u.unpackFloat();
      }
      if (f == MessageFormat.FLOAT64) {
        double d = u.unpackDouble();
        float narrowed = (float) d;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(d)) {
          throw new CodecException("float64 " + d + " is out of range for float");
        }
        return narrowed;
      }
      throw mismatch(f, "a float");
    }
  }
}
