package dev.spider.tdl.codec;

import static dev.spider.tdl.codec.CodecChecks.mismatch;
import static dev.spider.tdl.codec.CodecChecks.requirePresent;
import static dev.spider.tdl.codec.ContainerCodecs.nullable;
import static java.util.Map.entry;

import dev.spider.tdl.internal.ByteSequences;
import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
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

  private static final Map<Class<?>, ValueCodec> BY_CLASS =
      Map.ofEntries(
          entry(long.class, NumberCodecs.LONG),
          entry(Long.class, nullable(NumberCodecs.LONG)),
          entry(int.class, NumberCodecs.INT),
          entry(Integer.class, nullable(NumberCodecs.INT)),
          entry(short.class, NumberCodecs.SHORT),
          entry(Short.class, nullable(NumberCodecs.SHORT)),
          entry(byte.class, NumberCodecs.BYTE),
          entry(Byte.class, nullable(NumberCodecs.BYTE)),
          entry(double.class, NumberCodecs.DOUBLE),
          entry(Double.class, nullable(NumberCodecs.DOUBLE)),
          entry(float.class, NumberCodecs.FLOAT),
          entry(Float.class, nullable(NumberCodecs.FLOAT)),
          entry(boolean.class, new BooleanCodec()),
          entry(Boolean.class, nullable(new BooleanCodec())),
          entry(String.class, nullable(new StringCodec())),
          entry(BigInteger.class, nullable(NumberCodecs.BIG_INTEGER)),
          entry(byte[].class, nullable(new BytesCodec())),
          entry(Void.class, UNIT),
          entry(void.class, UNIT));

  private ScalarCodecs() {}

  /** The codec of a scalar class other than an enum, or empty when {@code c} is not one. */
  static Optional<ValueCodec> forClass(Class<?> c) {
    return Optional.ofNullable(BY_CLASS.get(c));
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
