package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The conversions behind {@link TdlType#encode} and {@link TdlType#decode}: JSON into the Java
 * value whose {@link TdlCodec} writes exactly what {@code rmp_serde} writes for the Rust type, and
 * a decoded Java value into a JSON-friendly one. Stateless.
 */
final class TdlValues {

  private TdlValues() {}

  static byte[] encode(TdlType type, JsonNode value) throws InvalidLiteralException {
    Objects.requireNonNull(value, "value");
    Object javaValue = toJava(type, value, "");
    try {
      return TdlCodec.ofType(javaType(type)).encode(javaValue);
    } catch (CodecException e) {
      // toJava checked every range the codec checks, so this is a bug of ours.
      throw new IllegalStateException(
          "encoding a checked " + type + " value failed: " + e.getMessage(), e);
    }
  }

  static Object decode(TdlType type, byte[] msgpack) throws CodecException {
    Object javaValue = TdlCodec.ofType(javaType(type)).decode(msgpack);
    return toDisplay(type, javaValue);
  }

  /** The Java type whose {@link TdlCodec} writes exactly what {@code rmp_serde} writes. */
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
    OptionOf o = (OptionOf) type;
    return new Generic(Optional.class, javaType(o.inner()));
  }

  private static Object toJava(TdlType type, JsonNode value, String pointer)
      throws InvalidLiteralException {
    if (type instanceof OptionOf o) {
      return value.isNull() ? Optional.empty() : Optional.of(toJava(o.inner(), value, pointer));
    }
    if (value.isNull()) {
      throw new InvalidLiteralException(
          pointer, "null is not a " + type + " (only option<T> values may be null)");
    }
    if (type instanceof ListOf l) {
      if (!value.isArray()) {
        throw mismatch(pointer, type, value, "an array");
      }
      List<Object> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        out.add(toJava(l.element(), value.get(i), pointer + "/" + i));
      }
      return out;
    }
    if (type instanceof MapOf m) {
      if (!value.isObject()) {
        throw mismatch(pointer, type, value, "an object");
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String fieldPointer = pointer + "/" + escape(field.getKey());
        Object key =
            m.key() == Scalar.STRING
                ? field.getKey()
                : mapKey((Scalar) m.key(), field.getKey(), fieldPointer);
        out.put(key, toJava(m.value(), field.getValue(), fieldPointer));
      }
      return out;
    }
    return scalar((Scalar) type, value, pointer);
  }

  private static Object mapKey(Scalar keyType, String key, String pointer)
      throws InvalidLiteralException {
    BigInteger integer;
    try {
      integer = new BigInteger(key);
    } catch (NumberFormatException e) {
      throw new InvalidLiteralException(
          pointer,
          "map key \"" + key + "\" is not a decimal integer, as a " + keyType + " key must be");
    }
    return integerValue(keyType, integer, pointer);
  }

  private static Object scalar(Scalar type, JsonNode value, String pointer)
      throws InvalidLiteralException {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        if (!value.isNumber()) {
          throw mismatch(pointer, type, value, "a number");
        }
        double d = value.doubleValue();
        if (Double.isInfinite(d)) {
          throw new InvalidLiteralException(pointer, value + " is out of range for " + type);
        }
        if (type == Scalar.DOUBLE) {
          return d;
        }
        if (Math.abs(d) > Float.MAX_VALUE) {
          throw new InvalidLiteralException(
              pointer, value + " is out of range for float (largest " + Float.MAX_VALUE + ")");
        }
        return (float) d;
      case BOOLEAN:
        if (!value.isBoolean()) {
          throw mismatch(pointer, type, value, "true or false");
        }
        return value.booleanValue();
      case STRING:
        if (!value.isTextual()) {
          throw mismatch(pointer, type, value, "a string");
        }
        return value.textValue();
      case BYTES:
        if (!value.isTextual()) {
          throw mismatch(pointer, type, value, "a base64 string");
        }
        try {
          return Base64.getDecoder().decode(value.textValue());
        } catch (IllegalArgumentException e) {
          throw new InvalidLiteralException(
              pointer,
              "bytes are written as standard base64 (A-Z a-z 0-9 + /, padded with =): "
                  + e.getMessage());
        }
      default:
        if (!value.isIntegralNumber()) {
          throw mismatch(pointer, type, value, "an integer");
        }
        return integerValue(type, value.bigIntegerValue(), pointer);
    }
  }

  private static Object integerValue(Scalar type, BigInteger value, String pointer)
      throws InvalidLiteralException {
    if (value.compareTo(type.min()) < 0 || value.compareTo(type.max()) > 0) {
      throw new InvalidLiteralException(
          pointer, value + " is out of range for " + type + " " + type.range());
    }
    return switch (type) {
      case INT8 -> value.byteValue();
      case INT16 -> value.shortValue();
      case INT32 -> value.intValue();
      case UINT64 -> value;
      default -> value.longValue();
    };
  }

  private static InvalidLiteralException mismatch(
      String pointer, TdlType type, JsonNode value, String expected) {
    return new InvalidLiteralException(
        pointer,
        "a "
            + type
            + " value must be "
            + expected
            + ", found "
            + kind(value)
            + " "
            + abbreviate(value));
  }

  private static String kind(JsonNode value) {
    if (value.isTextual()) return "string";
    if (value.isIntegralNumber()) return "integer";
    if (value.isNumber()) return "number";
    if (value.isBoolean()) return "boolean";
    if (value.isArray()) return "array";
    if (value.isObject()) return "object";
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(JsonNode value) {
    String text = value.toString();
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Object toDisplay(TdlType type, Object javaValue) throws CodecException {
    if (type instanceof OptionOf o) {
      Optional<?> optional = (Optional<?>) javaValue;
      return optional.isEmpty() ? null : toDisplay(o.inner(), optional.get());
    }
    if (javaValue == null) {
      // Boxed codecs read nil as null; only option<T> may be None.
      throw new CodecException("expected a " + type + ", found nil");
    }
    if (type instanceof ListOf l) {
      List<Object> out = new ArrayList<>();
      for (Object element : (List<?>) javaValue) {
        out.add(toDisplay(l.element(), element));
      }
      return Collections.unmodifiableList(out);
    }
    if (type instanceof MapOf m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) javaValue).entrySet()) {
        out.put(
            String.valueOf(toDisplay(m.key(), entry.getKey())),
            toDisplay(m.value(), entry.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    Scalar s = (Scalar) type;
    switch (s) {
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return ((Number) javaValue).longValue();
      case UINT8:
      case UINT16:
      case UINT32:
        long unsigned = (Long) javaValue;
        if (unsigned < 0 || BigInteger.valueOf(unsigned).compareTo(s.max()) > 0) {
          throw new CodecException(
              "integer " + unsigned + " is out of range for " + s + " " + s.range());
        }
        return unsigned;
      case UINT64:
        BigInteger big = (BigInteger) javaValue;
        if (big.signum() < 0) {
          throw new CodecException("integer " + big + " is out of range for uint64");
        }
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      case FLOAT:
        return (double) (Float) javaValue;
      case BYTES:
        return Base64.getEncoder().encodeToString((byte[]) javaValue);
      default:
        return javaValue; // Double, Boolean, String
    }
  }

  /** A parameterized Java type for {@link TdlCodec#ofType}. */
  record Generic(Class<?> raw, List<Type> arguments) implements ParameterizedType {

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
