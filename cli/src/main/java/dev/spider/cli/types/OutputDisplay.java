package dev.spider.cli.types;

import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Task outputs as JSON-friendly values for results: by the task's declared output types when it has
 * them, generically otherwise — MessagePack nil, booleans, integers ({@code Long}, or {@code
 * BigInteger} above {@code Long.MAX_VALUE}), floats ({@code Double}), strings, {@code bin} (base64
 * string), arrays ({@code List}) and maps ({@code Map<String, Object>}, non-string keys written as
 * their JSON text). A payload that is not one MessagePack value is shown as a string saying so,
 * with its bytes in hex. Stateless.
 */
public final class OutputDisplay {

  private OutputDisplay() {}

  public static List<Object> decode(List<byte[]> payloads, Optional<List<TdlType>> types) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      if (types.isPresent() && i < types.get().size()) {
        try {
          out.add(types.get().get(i).decode(payload));
          continue;
        } catch (CodecException e) {
          // Storage checks declared types on report, so this is not expected; show what there is.
        }
      }
      out.add(generic(payload));
    }
    return Collections.unmodifiableList(out);
  }

  /** One MessagePack value as a JSON-friendly Java value. */
  static Object generic(byte[] payload) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
      Value value = unpacker.unpackValue();
      if (unpacker.hasNext()) {
        return undecodable(payload, "trailing bytes after one value");
      }
      return display(value);
    } catch (IOException | RuntimeException e) {
      return undecodable(payload, e.getMessage());
    }
  }

  private static String undecodable(byte[] payload, String why) {
    return "<not one MessagePack value (" + why + "): " + HexFormat.of().formatHex(payload) + ">";
  }

  private static Object display(Value value) {
    switch (value.getValueType()) {
      case NIL:
        return null;
      case BOOLEAN:
        return value.asBooleanValue().getBoolean();
      case INTEGER:
        IntegerValue integer = value.asIntegerValue();
        if (integer.isInLongRange()) {
          return integer.toLong();
        }
        BigInteger big = integer.toBigInteger();
        return big;
      case FLOAT:
        return value.asFloatValue().toDouble();
      case STRING:
        return value.asStringValue().toString();
      case BINARY:
        return Base64.getEncoder().encodeToString(value.asBinaryValue().asByteArray());
      case ARRAY:
        ArrayValue array = value.asArrayValue();
        List<Object> list = new ArrayList<>(array.size());
        for (Value element : array) {
          list.add(display(element));
        }
        return Collections.unmodifiableList(list);
      case MAP:
        MapValue map = value.asMapValue();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> entry : map.entrySet()) {
          Value key = entry.getKey();
          out.put(
              key.isStringValue() ? key.asStringValue().toString() : key.toJson(),
              display(entry.getValue()));
        }
        return Collections.unmodifiableMap(out);
      default:
        return value.toJson(); // extension types
    }
  }
}
