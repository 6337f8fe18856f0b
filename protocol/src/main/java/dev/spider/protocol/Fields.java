package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import dev.spider.tdl.internal.Utf8;
import java.nio.charset.CharacterCodingException;
import java.util.Map;
import java.util.Optional;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Reads typed fields out of a decoded MessagePack value, each failure a {@link BadShape} naming the
 * field and what it held instead. The field types are those of docs/frame-protocol.md, "Frames".
 *
 * <p>Thread-safe: stateless.
 */
final class Fields {

  private Fields() {}

  /** Checks the element count of a frame array; {@code what} names the frame kind. */
  static void arity(ArrayValue array, int expected, String what) throws BadShape {
    if (array.size() != expected) {
      throw new BadShape(what + " has " + expected + " elements, found " + array.size());
    }
  }

  /** An unsigned 64-bit integer, carried in a {@code long} with unsigned meaning. */
  static long u64(Value v, String field) throws BadShape {
    return Integers.asU64(v)
        .orElseThrow(() -> new BadShape(field + " must be a uint, found " + show(v)));
  }

  /** A uint that fits an {@code int}: larger values are malformed, never truncated. */
  static int nonNegativeInt(Value v, String field) throws BadShape {
    long value = u64(v, field);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new BadShape(
          field + " must be a uint up to " + Integer.MAX_VALUE + ", found " + show(v));
    }
    return (int) value;
  }

  /** A string, strictly UTF-8: a name repaired with U+FFFD would silently match nothing. */
  static String string(Value v, String field) throws BadShape {
    if (!v.isStringValue()) {
      throw new BadShape(field + " must be a string, found " + v.getValueType());
    }
    try {
      return Utf8.decode(v.asStringValue().asByteArray());
    } catch (CharacterCodingException e) {
      throw new BadShape(field + " is not valid UTF-8", e);
    }
  }

  /** A {@code bin}; an array of uints is refused, since the protocol's byte fields are bin. */
  static byte[] bin(Value v, String field) throws BadShape {
    if (!v.isBinaryValue()) {
      throw new BadShape(field + " must be bin, found " + v.getValueType());
    }
    return v.asBinaryValue().asByteArray();
  }

  /**
   * A value for an error message, bounded whatever the value: a hostile frame's 60 MB array must
   * not become a 300 MB message. Scalars are shown, strings, bins and containers only sized.
   */
  static String show(Value v) {
    return switch (v.getValueType()) {
      case NIL, BOOLEAN, INTEGER, FLOAT -> v.toString();
      case STRING -> "a string of " + v.asRawValue().asByteBuffer().remaining() + " bytes";
      case BINARY -> "bin of " + v.asRawValue().asByteBuffer().remaining() + " bytes";
      case ARRAY -> "an array of " + v.asArrayValue().size() + " elements";
      case MAP -> "a map of " + v.asMapValue().size() + " entries";
      case EXTENSION -> "an extension value";
    };
  }

  static Map<Value, Value> map(Value v, String what) throws BadShape {
    if (!v.isMapValue()) {
      throw new BadShape(what + " must be a map, found " + v.getValueType());
    }
    return v.asMapValue().map();
  }

  /** The entry of a string key, which must be present. */
  static Value required(Map<Value, Value> map, String key) throws BadShape {
    Value v = map.get(ValueFactory.newString(key));
    if (v == null) {
      throw new BadShape("missing '" + key + "'");
    }
    return v;
  }

  /** The entry of a string key, empty when it is absent or nil (Rust's {@code None}). */
  static Optional<Value> optional(Map<Value, Value> map, String key) {
    return Optional.ofNullable(map.get(ValueFactory.newString(key))).filter(v -> !v.isNilValue());
  }
}
