package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tdl.codec.CodecException;
import java.util.Objects;

/**
 * The one converter between JSON, as people write task inputs and read task outputs, and the
 * MessagePack tasks exchange, exactly as {@code rmp_serde} writes it (see docs/value-encodings.md).
 * Job files go through it typed, by the TDL type each literal and output declares ({@link
 * TdlType#encode}, {@link TdlType#decode}); {@code spider exec} untyped, JSON values taken for what
 * they look like ({@link #encodeUntyped}, {@link #decodeUntyped}).
 *
 * <p>Decoded values are JSON-friendly Java values: {@code null}, {@code Boolean}, {@code Long},
 * {@code BigInteger} (above {@code Long.MAX_VALUE}), {@code Double}, {@code String}, and
 * unmodifiable {@code List}s and {@code Map<String, Object>}s of those; {@link #toJson} makes a
 * JSON tree of one.
 *
 * <p>Stateless and thread-safe.
 */
public final class TdlValues {

  /** How a MessagePack {@code bin} (a byte sequence) is shown when no type says otherwise. */
  public enum BinaryForm {
    /** A standard base64 string, as job files write {@code bytes} values. */
    BASE64,
    /** An array of integers 0..255, as {@code rmp_serde} writes a {@code Vec<u8>}. */
    INTEGERS
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TdlValues() {}

  /** The MessagePack of a JSON value of type {@code type}; see {@link TdlType#encode}. */
  static byte[] encode(TdlType type, JsonNode value) throws InvalidLiteralException {
    Object javaValue = JsonToTdl.toJava(type, Objects.requireNonNull(value, "value"), "");
    try {
      return CodecTypes.codec(type).encode(javaValue);
    } catch (CodecException e) {
      // JsonToTdl checked every range the codec checks, so this is a bug of ours.
      throw new IllegalStateException(
          "encoding a checked " + type + " value failed: " + e.getMessage(), e);
    }
  }

  /** One MessagePack value of type {@code type}, for display; see {@link TdlType#decode}. */
  static Object decode(TdlType type, byte[] msgpack) throws CodecException {
    return TdlToDisplay.toDisplay(type, CodecTypes.codec(type).decode(msgpack));
  }

  /**
   * The MessagePack of a JSON value with no declared type: integers in their smallest form (so one
   * JSON integer suits every TDL integer type), other numbers as float64, strings, booleans, null
   * as nil (None), arrays, and objects as maps with string keys.
   *
   * @throws InvalidLiteralException when an integer fits neither i64 nor u64, with a JSON pointer
   *     to it
   */
  public static byte[] encodeUntyped(JsonNode value) throws InvalidLiteralException {
    return UntypedMsgpack.encode(Objects.requireNonNull(value, "value"));
  }

  /**
   * One MessagePack value with no declared type, as a JSON-friendly Java value: map keys that are
   * not strings as their JSON text, a {@code bin} as {@code binary} says.
   *
   * @throws CodecException when {@code msgpack} is not exactly one MessagePack value
   */
  public static Object decodeUntyped(byte[] msgpack, BinaryForm binary) throws CodecException {
    return UntypedMsgpack.decode(
        Objects.requireNonNull(msgpack, "msgpack"), Objects.requireNonNull(binary, "binary"));
  }

  /** A decoded value, or a list of them, as a JSON tree. */
  public static JsonNode toJson(Object displayValue) {
    return MAPPER.valueToTree(displayValue);
  }
}
