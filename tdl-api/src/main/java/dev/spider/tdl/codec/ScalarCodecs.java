package dev.spider.tdl.codec;

import static dev.spider.tdl.codec.CodecChecks.mismatch;
import static dev.spider.tdl.codec.CodecChecks.requirePresent;
import static dev.spider.tdl.codec.ContainerCodecs.nullable;

import dev.spider.tdl.internal.ByteSequences;
import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The codecs of the classes that map to a TDL scalar: numbers ({@link NumberCodecs}), {@code
 * boolean}, {@code String}, {@code byte[]}, {@code Void} (Rust's unit) and enums
 * (docs/value-encodings.md, "Java type mapping").
 *
 * <p>A primitive gets a codec that refuses null; its box and every reference type one that writes
 * null as nil, Rust's {@code None}. {@code Void} is nil either way.
 *
 * <p>Thread-safe: the codecs are stateless or immutable.
 */
final class ScalarCodecs {

  private static final ValueCodec UNIT = new UnitCodec();

  private ScalarCodecs() {}

  /**
   * The codec of a scalar class other than an enum, or empty when {@code c} is not one. Built on
   * demand (the caller caches it per type), so a package loads only the codec classes it uses.
   */
  static Optional<ValueCodec> forClass(Class<?> c) {
    return Optional.ofNullable(build(c));
  }

  private static ValueCodec build(Class<?> c) {
    if (c == long.class) {
      return NumberCodecs.ofLong();
    } else if (c == Long.class) {
      return nullable(NumberCodecs.ofLong());
    } else if (c == int.class) {
      return NumberCodecs.ofInt();
    } else if (c == Integer.class) {
      return nullable(NumberCodecs.ofInt());
    } else if (c == short.class) {
      return NumberCodecs.ofShort();
    } else if (c == Short.class) {
      return nullable(NumberCodecs.ofShort());
    } else if (c == byte.class) {
      return NumberCodecs.ofByte();
    } else if (c == Byte.class) {
      return nullable(NumberCodecs.ofByte());
    } else if (c == double.class) {
      return NumberCodecs.ofDouble();
    } else if (c == Double.class) {
      return nullable(NumberCodecs.ofDouble());
    } else if (c == float.class) {
      return NumberCodecs.ofFloat();
    } else if (c == Float.class) {
      return nullable(NumberCodecs.ofFloat());
    } else if (c == boolean.class) {
      return new BooleanCodec();
    } else if (c == Boolean.class) {
      return nullable(new BooleanCodec());
    } else if (c == String.class) {
      return nullable(new StringCodec());
    } else if (c == BigInteger.class) {
      return nullable(NumberCodecs.ofBigInteger());
    } else if (c == byte[].class) {
      return nullable(new BytesCodec());
    } else if (c == Void.class || c == void.class) {
      return UNIT;
    }
    return null;
  }

  /** The codec of an enum class: the constant's name, as Rust writes a unit variant. */
  static ValueCodec forEnum(Class<?> enumClass) {
    if (!enumClass.isEnum()) {
      throw new IllegalArgumentException(enumClass + " is not an enum class");
    }
    return nullable(new EnumCodec(enumClass));
  }

  private static final class BooleanCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packBoolean(requirePresent(v, "boolean"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f.getValueType() != ValueType.BOOLEAN) {
        throw mismatch(f, "a boolean");
      }
      return u.unpackBoolean();
    }
  }

  private static final class StringCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packString((String) v);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      return Msgpack.readString(u, "String");
    }
  }

  private static final class BytesCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      ByteSequences.pack(p, (byte[]) v);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      return ByteSequences.read(u, "byte[]");
    }
  }

  private static final class UnitCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packNil();
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f != MessageFormat.NIL) {
        throw mismatch(f, "nil (unit)");
      }
      u.unpackNil();
      return null;
    }
  }

  private record EnumCodec(Class<?> type) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packString(((Enum<?>) v).name());
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      String name = Msgpack.readString(u, type.getSimpleName());
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(name)) {
          return constant;
        }
      }
      throw new CodecException("'" + name + "' is not a variant of " + type.getSimpleName());
    }
  }
}
