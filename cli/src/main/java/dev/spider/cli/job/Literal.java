package dev.spider.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.cli.types.InvalidLiteralException;
import dev.spider.cli.types.TdlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A task input given in the job: its declared TDL type and its MessagePack encoding, made once when
 * the job is defined, exactly as {@code rmp_serde} encodes the Rust type.
 *
 * <p>Immutable: the bytes are copied on the way in and out; {@code equals} compares contents.
 *
 * @param type the declared type
 * @param msgpack the encoded value, one MessagePack value
 */
public record Literal(TdlType type, byte[] msgpack) implements Input {

  public Literal {
    Objects.requireNonNull(type, "type");
    msgpack = Objects.requireNonNull(msgpack, "msgpack").clone();
  }

  /**
   * The literal of a JSON value of type {@code type}.
   *
   * @throws InvalidLiteralException when the value does not fit the type
   */
  public static Literal of(TdlType type, JsonNode value) throws InvalidLiteralException {
    return new Literal(type, type.encode(value));
  }

  /** A copy of the encoded value. */
  @Override
  public byte[] msgpack() {
    return msgpack.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Literal other
        && type.equals(other.type)
        && Arrays.equals(msgpack, other.msgpack);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(msgpack);
  }

  @Override
  public String toString() {
    return "Literal[" + type + ", " + msgpack.length + " bytes]";
  }
}
