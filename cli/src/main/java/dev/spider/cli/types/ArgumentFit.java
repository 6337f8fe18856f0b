package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import java.math.BigInteger;
import java.util.Map;

/**
 * Whether a JSON value, as {@code spider exec} takes task arguments (docs/cli.md, "Arguments and
 * outputs": byte sequences are arrays of 0..255), fits the TDL type a task declares, so a misfit is
 * a usage error naming the argument and its type before any task runs.
 *
 * <p>Only sure misfits are refused: {@code null} passes everywhere, since a Java task's boxed or
 * reference parameter takes it although its type is spelled without {@code option<...>} (see {@code
 * TdlTypeNames}); the task itself has the last word.
 *
 * <p>Stateless and thread-safe.
 */
public final class ArgumentFit {

  private static final BigInteger BYTE_MAX = BigInteger.valueOf(255);

  private ArgumentFit() {}

  /**
   * Checks a value against a type.
   *
   * @throws InvalidLiteralException saying where inside the value and what is wrong
   */
  public static void check(TdlType type, JsonNode value) throws InvalidLiteralException {
    check(type, value, "");
  }

  private static void check(TdlType type, JsonNode value, String pointer)
      throws InvalidLiteralException {
    if (value.isNull()) {
      return;
    }
    if (type instanceof OptionOf option) {
      check(option.inner(), value, pointer);
    } else if (type instanceof ListOf list) {
      if (!value.isArray()) {
        throw new InvalidLiteralException(pointer, "expected an array for " + type);
      }
      for (int i = 0; i < value.size(); i++) {
        check(list.element(), value.get(i), pointer + "/" + i);
      }
    } else if (type instanceof MapOf map) {
      if (!value.isObject()) {
        throw new InvalidLiteralException(pointer, "expected an object for " + type);
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String fieldPointer = pointer + "/" + JsonToTdl.escape(field.getKey());
        if (map.key() != Scalar.STRING) {
          key((Scalar) map.key(), field.getKey(), fieldPointer);
        }
        check(map.value(), field.getValue(), fieldPointer);
      }
    } else if (type == Scalar.BYTES) {
      bytes(value, pointer);
    } else {
      try {
        type.encode(value);
      } catch (InvalidLiteralException e) {
        throw new InvalidLiteralException(pointer + e.pointer(), e.problem());
      }
    }
  }

  private static void key(Scalar type, String key, String pointer) throws InvalidLiteralException {
    BigInteger value;
    try {
      value = new BigInteger(key);
    } catch (NumberFormatException e) {
      throw new InvalidLiteralException(
          pointer,
          "map key \"" + key + "\" is not a decimal integer, as a " + type + " key must be");
    }
    if (value.compareTo(type.min()) < 0 || value.compareTo(type.max()) > 0) {
      throw new InvalidLiteralException(
          pointer, "map key " + key + " is out of range for " + type + " " + type.range());
    }
  }

  private static void bytes(JsonNode value, String pointer) throws InvalidLiteralException {
    if (!value.isArray()) {
      throw new InvalidLiteralException(pointer, "expected bytes: an array of integers 0..255");
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode b = value.get(i);
      if (!b.isIntegralNumber()
          || b.bigIntegerValue().signum() < 0
          || b.bigIntegerValue().compareTo(BYTE_MAX) > 0) {
        throw new InvalidLiteralException(
            pointer + "/" + i, b + " is not a byte: bytes are integers 0..255");
      }
    }
  }
}
