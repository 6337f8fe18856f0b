package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.types.TdlValues.BinaryForm;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.Integers;
import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.Value;

/**
 * JSON to MessagePack and back without a TDL type, in the forms {@code rmp_serde} writes (see
 * docs/value-encodings.md): integers in their smallest form (so one JSON integer suits every
 * integer type), other numbers as float64, strings, booleans, nil for null, arrays, and objects as
 * maps with string keys. Decoding shows what the value holds: a map's non-string keys as their JSON
 * text, a {@code bin} as {@link BinaryForm} says, an extension value as its JSON text. Stateless.
 */
final class UntypedMsgpack {

  private UntypedMsgpack() {}

  /**
   * @throws InvalidLiteralException for an integer outside both i64 and u64, or a JSON node that is
   *     no JSON value (never read from JSON text)
   */
  static byte[] encode(JsonNode value) throws InvalidLiteralException {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      write(packer, value, "");
      return packer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  private static void write(MessagePacker p, JsonNode node, String pointer)
      throws IOException, InvalidLiteralException {
    if (node.isNull()) {
      p.packNil();
    } else if (node.isBoolean()) {
      p.packBoolean(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (!Integers.fitsMsgpack(value)) {
        throw new InvalidLiteralException(
            pointer, "integer " + value + " is outside the 64-bit range");
      }
      Integers.packInteger(p, value);
    } else if (node.isNumber()) {
      p.packDouble(node.doubleValue());
    } else if (node.isTextual()) {
      p.packString(node.textValue());
    } else if (node.isArray()) {
      p.packArrayHeader(node.size());
      for (int i = 0; i < node.size(); i++) {
        write(p, node.get(i), pointer + "/" + i);
      }
    } else if (node.isObject()) {
      p.packMapHeader(node.size());
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        p.packString(field.getKey());
        write(p, field.getValue(), pointer + "/" + JsonToTdl.escape(field.getKey()));
      }
    } else {
      throw new InvalidLiteralException(pointer, "unsupported JSON value " + node);
    }
  }

  /**
   * @throws CodecException when {@code msgpack} is not exactly one MessagePack value
   */
  static Object decode(byte[] msgpack, BinaryForm binary) throws CodecException {
    Msgpack.FirstValue<Value> first =
        Msgpack.decodeFirst(msgpack, "value", MessageUnpacker::unpackValue);
    if (first.hasTrailingBytes()) {
      throw new CodecException("trailing bytes after one value");
    }
    return display(first.value(), binary);
  }

  private static Object display(Value value, BinaryForm binary) {
    switch (value.getValueType()) {
      case NIL:
        return null;
      case BOOLEAN:
        return value.asBooleanValue().getBoolean();
      case INTEGER:
        IntegerValue integer = value.asIntegerValue();
        return integer.isInLongRange() ? (Object) integer.toLong() : integer.toBigInteger();
      case FLOAT:
        return value.asFloatValue().toDouble();
      case STRING:
        return value.asStringValue().toString();
      case BINARY:
        return bytes(value.asBinaryValue().asByteArray(), binary);
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (Value element : value.asArrayValue()) {
          list.add(display(element, binary));
        }
        return Collections.unmodifiableList(list);
      case MAP:
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> entry : value.asMapValue().entrySet()) {
          Value key = entry.getKey();
          map.put(
              key.isStringValue() ? key.asStringValue().toString() : key.toJson(),
              display(entry.getValue(), binary));
        }
        return Collections.unmodifiableMap(map);
      default:
        return value.toJson(); // extension types
    }
  }

  private static Object bytes(byte[] bytes, BinaryForm binary) {
    return switch (binary) {
      case BASE64 -> Base64.getEncoder().encodeToString(bytes);
      case INTEGERS -> {
        List<Object> integers = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
          integers.add((long) (b & 0xff));
        }
        yield Collections.unmodifiableList(integers);
      }
    };
  }
}
