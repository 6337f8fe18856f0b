package dev.spider.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to the fields of a task graph's JSON, each failure an {@link
 * InvalidTaskGraphException} at the field's JSON pointer. Follows serde's defaults, as upstream
 * reads the graph: unknown fields are ignored, a missing {@code Option} field is {@code None},
 * integers must be integral JSON numbers within the Rust type's range.
 *
 * <p>Stateless.
 */
final class JsonFields {

  private JsonFields() {}

  /** {@code node}, which must be a JSON object. */
  static JsonNode object(JsonNode node, String pointer, String what)
      throws InvalidTaskGraphException {
    if (node == null || !node.isObject()) {
      throw new InvalidTaskGraphException(
          pointer, what + " must be an object, found " + kind(node));
    }
    return node;
  }

  /** The field {@code name} of {@code object}, which must be present (null allowed). */
  static JsonNode required(JsonNode object, String pointer, String name)
      throws InvalidTaskGraphException {
    JsonNode node = object.get(name);
    if (node == null) {
      throw new InvalidTaskGraphException(
          pointer, "missing field \"" + name + "\"; add it" + (pointer.isEmpty() ? "" : " here"));
    }
    return node;
  }

  /** The field {@code name} of {@code object} unless absent or null. */
  static Optional<JsonNode> optional(JsonNode object, String name) {
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
  }

  /** A JSON array. */
  static JsonNode array(JsonNode node, String pointer, String what)
      throws InvalidTaskGraphException {
    if (!node.isArray()) {
      throw new InvalidTaskGraphException(pointer, what + " must be an array, found " + kind(node));
    }
    return node;
  }

  /** A JSON string. */
  static String string(JsonNode node, String pointer, String what)
      throws InvalidTaskGraphException {
    if (!node.isTextual()) {
      throw new InvalidTaskGraphException(pointer, what + " must be a string, found " + kind(node));
    }
    return node.textValue();
  }

  /** An integer in {@code [0, max]}: a Rust {@code u64} or {@code usize} read into Java. */
  static long unsigned(JsonNode node, String pointer, String what, long max)
      throws InvalidTaskGraphException {
    if (!node.isIntegralNumber()) {
      throw new InvalidTaskGraphException(
          pointer, what + " must be a non-negative integer, found " + kind(node));
    }
    BigInteger value = node.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new InvalidTaskGraphException(
          pointer, what + " must be between 0 and " + max + ", found " + value);
    }
    return value.longValueExact();
  }

  /**
   * The single {@code (variant, content)} entry of a serde externally tagged enum written as an
   * object, e.g. {@code {"List": ...}}.
   */
  static Map.Entry<String, JsonNode> variant(JsonNode node, String pointer, String what)
      throws InvalidTaskGraphException {
    if (!node.isObject() || node.size() != 1) {
      throw new InvalidTaskGraphException(
          pointer,
          what + " must be an object with exactly one key (its variant), found " + kind(node));
    }
    return node.properties().iterator().next();
  }

  /** A short description of a JSON value for messages: its kind, and a scalar's text. */
  static String kind(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> node.isEmpty() ? "{}" : "an object with keys " + fieldNames(node);
      case ARRAY -> "an array";
      case STRING -> "the string \"" + node.textValue() + "\"";
      case NUMBER -> "the number " + node.asText();
      case BOOLEAN -> node.asText();
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String fieldNames(JsonNode node) {
    StringBuilder out = new StringBuilder();
    node.fieldNames()
        .forEachRemaining(
            n -> out.append(out.length() == 0 ? "" : ", ").append('"').append(n).append('"'));
    return out.toString();
  }
}
