package dev.spider.tdl;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The error a task returns, Spider's {@code TdlError}: one of six kinds with a message. A Java task
 * throws it to fail with that kind; the executor reports it to the manager unchanged.
 *
 * <p>On the wire it is MessagePack encoded as {@code rmp_serde} encodes the Rust enum: a one-entry
 * map from the variant name to the message.
 */
public final class TdlError extends Exception {

  private static final long serialVersionUID = 1L;

  /** The six variants of Spider's {@code TdlError}, with their wire names. */
  public enum Kind {
    TASK_NOT_FOUND("TaskNotFound"),
    DESERIALIZATION_ERROR("DeserializationError"),
    SERIALIZATION_ERROR("SerializationError"),
    EXECUTION_ERROR("ExecutionError"),
    INVALID_TASK_CONTEXT("InvalidTaskContext"),
    CUSTOM("Custom");

    private final String variantName;

    Kind(String variantName) {
      this.variantName = variantName;
    }

    /** The Rust variant name, as it appears on the wire. */
    public String variantName() {
      return variantName;
    }

    /** The kind whose Rust variant name is {@code name}, if any. */
    public static Optional<Kind> fromVariantName(String name) {
      return Arrays.stream(values()).filter(k -> k.variantName.equals(name)).findFirst();
    }
  }

  private final Kind kind;

  public TdlError(Kind kind, String message) {
    this(kind, message, null);
  }

  public TdlError(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public static TdlError executionError(String message) {
    return new TdlError(Kind.EXECUTION_ERROR, message);
  }

  public static TdlError deserializationError(String message) {
    return new TdlError(Kind.DESERIALIZATION_ERROR, message);
  }

  public static TdlError serializationError(String message) {
    return new TdlError(Kind.SERIALIZATION_ERROR, message);
  }

  public static TdlError taskNotFound(String taskName) {
    return new TdlError(Kind.TASK_NOT_FOUND, taskName);
  }

  public static TdlError invalidTaskContext(String message) {
    return new TdlError(Kind.INVALID_TASK_CONTEXT, message);
  }

  public static TdlError custom(String message) {
    return new TdlError(Kind.CUSTOM, message);
  }

  public Kind kind() {
    return kind;
  }

  /** Encodes this error as {@code rmp_serde} encodes the Rust {@code TdlError}. */
  public byte[] encode() {
    return Msgpack.encode(
        packer -> packer.packMapHeader(1).packString(kind.variantName()).packString(getMessage()));
  }

  /**
   * Decodes a MessagePack {@code TdlError}, the whole buffer being that one value.
   *
   * @throws CodecException naming what was found when the bytes are not exactly one TdlError
   */
  public static TdlError decode(byte[] bytes) throws CodecException {
    return Msgpack.decodeWhole(bytes, "TdlError", TdlError::read);
  }

  static TdlError read(MessageUnpacker unpacker) throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != ValueType.MAP) {
      throw new CodecException(
          "TdlError must be a one-entry map, found " + Msgpack.describe(format));
    }
    int entries = unpacker.unpackMapHeader();
    if (entries != 1) {
      throw new CodecException("TdlError must be a one-entry map, found a map of " + entries);
    }
    String variant = Msgpack.readString(unpacker, "TdlError variant");
    Kind kind =
        Kind.fromVariantName(variant)
            .orElseThrow(() -> new CodecException("unknown TdlError variant '" + variant + "'"));
    return new TdlError(kind, Msgpack.readString(unpacker, "TdlError message"));
  }

  @Override
  public String toString() {
    return kind.variantName() + ": " + getMessage();
  }
}
