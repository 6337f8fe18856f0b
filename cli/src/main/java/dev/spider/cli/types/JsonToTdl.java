package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Ascii;
import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON value checked against a TDL type and turned into the Java value whose codec ({@link
 * CodecTypes}) writes it: every range the codec would refuse is refused here first, with a JSON
 * pointer to the offending part of the value. Stateless.
 */
final class JsonToTdl {

  private JsonToTdl() {}

  /**
   * The Java value of {@code value}, of TDL type {@code type}.
   *
   * @param pointer where {@code value} is inside the literal, {@code ""} for the literal itself
   * @throws InvalidLiteralException when the value does not fit the type
   */
  static Object toJava(TdlType type, JsonNode value, String pointer)
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
      for (Map.Entry<String, JsonNode> field : value.properties()) {
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
        return floatingPoint(type, value, pointer);
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

  private static Object floatingPoint(Scalar type, JsonNode value, String pointer)
      throws InvalidLiteralException {
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
            + Ascii.truncate(value.toString(), 40, "..."));
  }

  private static String kind(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
