package dev.spider.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spider.cli.graph.ValueTypeDescriptor.BooleanType;
import dev.spider.cli.graph.ValueTypeDescriptor.BytesType;
import dev.spider.cli.graph.ValueTypeDescriptor.FloatType;
import dev.spider.cli.graph.ValueTypeDescriptor.FloatWidth;
import dev.spider.cli.graph.ValueTypeDescriptor.IntType;
import dev.spider.cli.graph.ValueTypeDescriptor.IntWidth;
import dev.spider.cli.graph.ValueTypeDescriptor.ListType;
import dev.spider.cli.graph.ValueTypeDescriptor.MapType;
import dev.spider.cli.graph.ValueTypeDescriptor.StructType;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON form of {@link DataTypeDescriptor} and {@link ValueTypeDescriptor}, as serde writes
 * upstream's enums (externally tagged: one key naming the variant). Nesting depth is bounded by
 * Jackson's read constraints, so recursion cannot overflow the stack.
 *
 * <p>Stateless and thread-safe.
 */
final class TypeDescriptorJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TypeDescriptorJson() {}

  static DataTypeDescriptor readData(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    Map.Entry<String, JsonNode> variant =
        JsonFields.variant(
            node, pointer, "a type descriptor ({\"Value\": T} or {\"SharedValue\": T})");
    for (DataTypeDescriptor.Sharing sharing : DataTypeDescriptor.Sharing.values()) {
      if (sharing.jsonName().equals(variant.getKey())) {
        return new DataTypeDescriptor(
            sharing, readValue(variant.getValue(), pointer + "/" + variant.getKey()));
      }
    }
    throw unknownVariant(pointer, variant.getKey(), "Value", "SharedValue");
  }

  static ValueTypeDescriptor readValue(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    Map.Entry<String, JsonNode> variant = JsonFields.variant(node, pointer, "a value type");
    String name = variant.getKey();
    JsonNode content = variant.getValue();
    String at = pointer + "/" + name;
    switch (name) {
      case "Primitive":
        return readPrimitive(content, at);
      case "Bytes":
        JsonFields.object(content, at, "Bytes");
        return ValueTypeDescriptor.bytes();
      case "Struct":
        String structName = JsonFields.string(content, at, "a Struct's name");
        if (structName.isEmpty()) {
          throw new InvalidTaskGraphException(at, "a Struct needs a non-empty name");
        }
        return new StructType(structName);
      case "List":
        return new ListType(readValue(content, at));
      case "Map":
        JsonFields.object(content, at, "Map");
        ValueTypeDescriptor key = readMapKey(JsonFields.required(content, at, "key"), at + "/key");
        ValueTypeDescriptor value =
            readValue(JsonFields.required(content, at, "value"), at + "/value");
        return new MapType(key, value);
      default:
        throw unknownVariant(pointer, name, "Primitive", "Bytes", "Struct", "List", "Map");
    }
  }

  private static ValueTypeDescriptor readPrimitive(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    if (node.isTextual()) {
      if (node.textValue().equals("Boolean")) {
        return ValueTypeDescriptor.bool();
      }
      throw unknownVariant(pointer, node.textValue(), "Int", "Float", "Boolean");
    }
    Map.Entry<String, JsonNode> variant =
        JsonFields.variant(
            node, pointer, "a primitive type (\"Boolean\", {\"Int\": W} or {\"Float\": W})");
    return switch (variant.getKey()) {
      case "Int" -> readInt(variant.getValue(), pointer + "/Int");
      case "Float" -> readFloat(variant.getValue(), pointer + "/Float");
      default -> throw unknownVariant(pointer, variant.getKey(), "Int", "Float", "Boolean");
    };
  }

  private static ValueTypeDescriptor readMapKey(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    Map.Entry<String, JsonNode> variant =
        JsonFields.variant(node, pointer, "a map key type ({\"Int\": W} or {\"Bytes\": {}})");
    return switch (variant.getKey()) {
      case "Int" -> readInt(variant.getValue(), pointer + "/Int");
      case "Bytes" -> {
        JsonFields.object(variant.getValue(), pointer + "/Bytes", "Bytes");
        yield ValueTypeDescriptor.bytes();
      }
      default -> throw unknownVariant(pointer, variant.getKey(), "Int", "Bytes");
    };
  }

  private static ValueTypeDescriptor readInt(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    String name = JsonFields.string(node, pointer, "an integer width");
    for (IntWidth width : IntWidth.values()) {
      if (width.jsonName().equals(name)) {
        return new IntType(width);
      }
    }
    throw unknownVariant(
        pointer,
        name,
        Arrays.stream(IntWidth.values()).map(IntWidth::jsonName).toArray(String[]::new));
  }

  private static ValueTypeDescriptor readFloat(JsonNode node, String pointer)
      throws InvalidTaskGraphException {
    String name = JsonFields.string(node, pointer, "a float width");
    for (FloatWidth width : FloatWidth.values()) {
      if (width.jsonName().equals(name)) {
        return new FloatType(width);
      }
    }
    throw unknownVariant(
        pointer,
        name,
        Arrays.stream(FloatWidth.values()).map(FloatWidth::jsonName).toArray(String[]::new));
  }

  private static InvalidTaskGraphException unknownVariant(
      String pointer, String found, String... known) {
    return new InvalidTaskGraphException(
        pointer,
        "unknown variant \""
            + found
            + "\"; expected one of "
            + Arrays.stream(known).map(k -> "\"" + k + "\"").collect(Collectors.joining(", ")));
  }

  static JsonNode writeData(DataTypeDescriptor type) {
    ObjectNode node = NODES.objectNode();
    node.set(type.sharing().jsonName(), writeValue(type.value()));
    return node;
  }

  static JsonNode writeValue(ValueTypeDescriptor type) {
    // Java 17 has no pattern switch; the chain covers every permitted subtype.
    ObjectNode node = NODES.objectNode();
    if (type instanceof IntType t) {
      node.set("Primitive", NODES.objectNode().put("Int", t.width().jsonName()));
    } else if (type instanceof FloatType t) {
      node.set("Primitive", NODES.objectNode().put("Float", t.width().jsonName()));
    } else if (type instanceof BooleanType) {
      node.put("Primitive", "Boolean");
    } else if (type instanceof BytesType) {
      node.set("Bytes", NODES.objectNode());
    } else if (type instanceof StructType t) {
      node.put("Struct", t.name());
    } else if (type instanceof ListType t) {
      node.set("List", writeValue(t.element()));
    } else if (type instanceof MapType t) {
      ObjectNode map = NODES.objectNode();
      map.set("key", writeMapKey(t.key()));
      map.set("value", writeValue(t.value()));
      node.set("Map", map);
    } else {
      throw new AssertionError("unknown value type " + type);
    }
    return node;
  }

  private static JsonNode writeMapKey(ValueTypeDescriptor key) {
    ObjectNode node = NODES.objectNode();
    if (key instanceof IntType t) {
      node.put("Int", t.width().jsonName());
    } else {
      node.set("Bytes", NODES.objectNode()); // MapType admits only Int and Bytes keys
    }
    return node;
  }
}
