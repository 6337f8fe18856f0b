package dev.spider.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Converts between JSON, as users type task arguments and read outputs, and MessagePack as
 * {@code rmp_serde} writes it: integers in their smallest form (so one JSON integer suits every
 * TDL integer type), other numbers as float64, arrays, objects as maps with string keys, null as
 * nil. A byte sequence is a JSON array of integers 0..255, which is also how {@code rmp_serde}
 * writes one. Stateless.
 */
final class JsonValues {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private JsonValues() {}

  /**
   * Parses one JSON value typed on the command line.
   *
   * @throws UsageException naming the argument and what is wrong with it
   */
  static JsonNode parse(String text, String what) throws UsageException {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new UsageException(what + " is empty: give a JSON value, e.g. 10, \"text\" or [1, 2]");
      }
      return node;
    } catch (IOException e) {
      throw new UsageException(
          what + " is not JSON: " + text + " (strings need quotes: '\"text\"' in the shell)", e);
    }
  }

  static byte[] toMsgpack(JsonNode node, String what) throws UsageException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      write(packer, node, what);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  private static void write(MessagePacker p, JsonNode node, String what) throws IOException, UsageException {
    if (node.isNull()) {
      p.packNil();
    } else if (node.isBoolean()) {
      p.packBoolean(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (value.compareTo(I64_MIN) < 0 || value.compareTo(U64_MAX) > 0) {
        throw new UsageException(what + ": integer " + value + " is outside the 64-bit range");
      }
      if (value.bitLength() < 64) {
        p.packLong(value.longValue());
      } else {
        p.packBigInteger(value);
      }
    } else if (node.isNumber()) {
      p.packDouble(node.doubleValue());
    } else if (node.isTextual()) {
      p.packString(node.textValue());
    } else if (node.isArray()) {
      p.packArrayHeader(node.size());
      for (JsonNode element : node) {
        write(p, element, what);
      }
    } else if (node.isObject()) {
      p.packMapHeader(node.size());
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        p.packString(field.getKey());
        write(p, field.getValue(), what);
      }
    } else {
      throw new UsageException(what + ": unsupported JSON value " + node);
    }
  }

  /** Decodes one MessagePack value for display. */
  static JsonNode fromMsgpack(byte[] bytes) throws IOException {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      return toJson(u.unpackValue());
    }
  }

  private static JsonNode toJson(Value v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (v.getValueType()) {
      case NIL:
        return f.nullNode();
      case BOOLEAN:
        return f.booleanNode(v.asBooleanValue().getBoolean());
      case INTEGER:
        return v.asIntegerValue().isInLongRange()
            ? f.numberNode(v.asIntegerValue().toLong())
            : f.numberNode(v.asIntegerValue().asBigInteger());
      case FLOAT:
        return f.numberNode(v.asFloatValue().toDouble());
      case STRING:
        return f.textNode(v.asStringValue().toString());
      case BINARY: {
        ArrayNode bytes = f.arrayNode();
        for (byte b : v.asBinaryValue().asByteArray()) {
          bytes.add(b & 0xff);
        }
        return bytes;
      }
      case ARRAY: {
        ArrayNode array = f.arrayNode();
        v.asArrayValue().forEach(e -> array.add(toJson(e)));
        return array;
      }
      case MAP: {
        ObjectNode object = f.objectNode();
        v.asMapValue().map().forEach((k, val) ->
            object.set(k.isStringValue() ? k.asStringValue().toString() : k.toJson(), toJson(val)));
        return object;
      }
      default:
        return f.textNode(v.toJson());
    }
  }
}
