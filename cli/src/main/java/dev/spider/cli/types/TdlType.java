package dev.spider.cli.types;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.internal.Integers;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A TDL value type as a job file names it — {@code int64}, {@code list<string>}, {@code map<string,
 * option<double>>} — with the conversions the embedded cluster needs: a JSON value into the
 * MessagePack a task receives (exactly as {@code rmp_serde} encodes the Rust type, through {@link
 * TdlCodec}), and a task's MessagePack output back into a JSON-friendly Java value for display.
 *
 * <p>The names, case-insensitive ({@code List<T>} and {@code list<T>} are one type):
 *
 * <table>
 *   <caption>TDL types in job files</caption>
 *   <tr><th>type</th><th>JSON value</th><th>decoded for display as</th></tr>
 *   <tr><td>{@code int8 int16 int32 int64}</td><td>integer in range</td><td>{@code Long}</td></tr>
 *   <tr><td>{@code uint8 uint16 uint32}</td><td>integer in range</td><td>{@code Long}</td></tr>
 *   <tr><td>{@code uint64}</td><td>integer in 0..2<sup>64</sup>-1</td>
 *       <td>{@code Long}, or {@code BigInteger} above {@code Long.MAX_VALUE}</td></tr>
 *   <tr><td>{@code float double}</td><td>number</td><td>{@code Double}</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code true}/{@code false}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>{@code string}</td><td>string</td><td>{@code String}</td></tr>
 *   <tr><td>{@code bytes}</td><td>standard base64 string (RFC 4648, padded)</td>
 *       <td>base64 {@code String}</td></tr>
 *   <tr><td>{@code list<T>}</td><td>array</td><td>{@code List}</td></tr>
 *   <tr><td>{@code map<K, V>}</td><td>object; {@code K} a string or integer type, integer keys
 *       written as decimal strings</td><td>{@code Map<String, Object>}, insertion order</td></tr>
 *   <tr><td>{@code option<T>}</td><td>{@code null} or a {@code T}</td><td>{@code null} or the
 *       value</td></tr>
 * </table>
 *
 * <p>{@code option<option<T>>} is refused: JSON {@code null} could not say which level is {@code
 * None} (and {@code rmp_serde} writes both as nil).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface TdlType
    permits TdlType.Scalar, TdlType.ListOf, TdlType.MapOf, TdlType.OptionOf {

  /**
   * Parses a type name.
   *
   * @throws IllegalArgumentException naming the problem and the valid names
   */
  static TdlType parse(String text) {
    Objects.requireNonNull(text, "text");
    return TypeParser.parse(text);
  }

  /**
   * Encodes a JSON value of this type as the MessagePack a task receives.
   *
   * @throws InvalidLiteralException when the value does not fit the type, with a JSON pointer to
   *     the offending part of {@code value}
   */
  default byte[] encode(JsonNode value) throws InvalidLiteralException {
    return TdlValues.encode(this, value);
  }

  /**
   * Decodes one MessagePack value of this type into a JSON-friendly Java value: {@code null},
   * {@code Boolean}, {@code Long}, {@code BigInteger}, {@code Double}, {@code String}, an
   * unmodifiable {@code List} or {@code Map<String, Object>} of those.
   *
   * @throws CodecException when the bytes are not one value of this type
   */
  default Object decode(byte[] msgpack) throws CodecException {
    return TdlValues.decode(this, msgpack);
  }

  /** The canonical name, e.g. {@code map<string, list<int64>>}. */
  @Override
  String toString();

  /** The types without parameters. */
  enum Scalar implements TdlType {
    INT8("int8", -128, 127),
    INT16("int16", Short.MIN_VALUE, Short.MAX_VALUE),
    INT32("int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64("int64", Long.MIN_VALUE, Long.MAX_VALUE),
    UINT8("uint8", 0, 0xff),
    UINT16("uint16", 0, 0xffff),
    UINT32("uint32", 0, 0xffff_ffffL),
    UINT64("uint64", 0, -1),
    FLOAT("float", 0, 0),
    DOUBLE("double", 0, 0),
    BOOLEAN("boolean", 0, 0),
    STRING("string", 0, 0),
    BYTES("bytes", 0, 0);

    private final String typeName;
    private final BigInteger min;
    private final BigInteger max;

    Scalar(String typeName, long min, long max) {
      this.typeName = typeName;
      this.min = BigInteger.valueOf(min);
      // -1 stands for u64::MAX (an enum constructor cannot read the enum's static fields)
      this.max = max == -1 ? Integers.U64_MAX : BigInteger.valueOf(max);
    }

    /** Whether this is one of the eight integer types. */
    boolean isInteger() {
      return ordinal() <= UINT64.ordinal();
    }

    @Override
    public String toString() {
      return typeName;
    }

    BigInteger min() {
      return min;
    }

    BigInteger max() {
      return max;
    }

    /** The range of an integer type, e.g. {@code [-128, 127]}. */
    String range() {
      return "[" + min + ", " + max + "]";
    }
  }

  /**
   * {@code list<T>}.
   *
   * @param element the element type
   */
  record ListOf(TdlType element) implements TdlType {
    public ListOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "list<" + element + ">";
    }
  }

  /**
   * {@code map<K, V>}.
   *
   * @param key the key type: {@code string} or an integer type (JSON object keys are strings)
   * @param value the value type
   */
  record MapOf(TdlType key, TdlType value) implements TdlType {
    /**
     * @throws IllegalArgumentException when {@code key} is neither {@code string} nor an integer
     *     type
     */
    public MapOf {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!(key == Scalar.STRING || key instanceof Scalar s && s.isInteger())) {
        throw new IllegalArgumentException(
            "map keys must be string or an integer type (JSON object keys are strings), not "
                + key);
      }
    }

    @Override
    public String toString() {
      return "map<" + key + ", " + value + ">";
    }
  }

  /**
   * {@code option<T>}: JSON {@code null} is {@code None}.
   *
   * @param inner the type of the present value; not itself an option
   */
  record OptionOf(TdlType inner) implements TdlType {
    /**
     * @throws IllegalArgumentException when {@code inner} is an option
     */
    public OptionOf {
      Objects.requireNonNull(inner, "inner");
      if (inner instanceof OptionOf) {
        throw new IllegalArgumentException(
            "option<option<...>> cannot be written in JSON: null would not say which level is"
                + " None");
      }
    }

    @Override
    public String toString() {
      return "option<" + inner + ">";
    }
  }
}
