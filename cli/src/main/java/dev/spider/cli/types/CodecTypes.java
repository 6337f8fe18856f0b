package dev.spider.cli.types;

import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import dev.spider.tdl.codec.TdlCodec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * For each TDL type, the Java type whose {@link TdlCodec} writes exactly what {@code rmp_serde}
 * writes for the Rust type (see docs/value-encodings.md). Stateless.
 */
final class CodecTypes {

  private CodecTypes() {}

  /** The codec for values of {@code type}. */
  static TdlCodec<Object> codec(TdlType type) {
    return TdlCodec.ofType(javaType(type));
  }

  private static Type javaType(TdlType type) {
    if (type instanceof Scalar s) {
      return switch (s) {
        case INT8 -> Byte.class;
        case INT16 -> Short.class;
        case INT32 -> Integer.class;
        // Unsigned types below u64 fit a long; its codec writes the smallest form with unsigned
        // markers for non-negative values, as rmp_serde writes a u8, u16 or u32.
        case INT64, UINT8, UINT16, UINT32 -> Long.class;
        case UINT64 -> BigInteger.class;
        case FLOAT -> Float.class;
        case DOUBLE -> Double.class;
        case BOOLEAN -> Boolean.class;
        case STRING -> String.class;
        case BYTES -> byte[].class;
      };
    }
    if (type instanceof ListOf l) {
      return new Generic(List.class, javaType(l.element()));
    }
    if (type instanceof MapOf m) {
      return new Generic(Map.class, javaType(m.key()), javaType(m.value()));
    }
    OptionOf o = (OptionOf) type; // TdlType is sealed: the last kind
    return new Generic(Optional.class, javaType(o.inner()));
  }

  /** A parameterized Java type for {@link TdlCodec#ofType}. */
  private record Generic(Class<?> raw, List<Type> arguments) implements ParameterizedType {

    Generic(Class<?> raw, Type... arguments) {
      this(raw, List.of(arguments));
    }

    @Override
    public Type[] getActualTypeArguments() {
      return arguments.toArray(new Type[0]);
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }

    @Override
    public String getTypeName() {
      return raw.getName()
          + arguments.stream().map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
    }
  }
}
