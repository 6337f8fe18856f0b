package dev.spider.tdl.codec;

import dev.spider.tdl.internal.Msgpack;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Encodes and decodes values of one Java type as the MessagePack that {@code rmp_serde} uses for
 * the corresponding Rust type (see {@link dev.spider.tdl.Task} for the type mapping).
 *
 * <p>Build codecs once and reuse them: construction inspects the type reflectively, encoding and
 * decoding do not. Immutable and thread-safe.
 *
 * @param <T> the Java type
 */
public final class TdlCodec<T> {

  private final Type type;
  private final ValueCodec codec;

  private TdlCodec(Type type, ValueCodec codec) {
    this.type = type;
    this.codec = codec;
  }

  /**
   * The codec of a class.
   *
   * @throws UnsupportedTypeException when the class has no TDL mapping
   */
  public static <T> TdlCodec<T> of(Class<T> type) {
    return new TdlCodec<>(type, Codecs.forType(type));
  }

  /**
   * The codec of a possibly generic type, e.g. the generic type of a method parameter.
   *
   * @throws UnsupportedTypeException when the type has no TDL mapping
   */
  public static TdlCodec<Object> ofType(Type type) {
    return new TdlCodec<>(type, Codecs.forType(type));
  }

  public Type type() {
    return type;
  }

  /**
   * Encodes one value.
   *
   * @throws CodecException when the value cannot be represented (null for a primitive, a BigInteger
   *     beyond the 64-bit range, ...)
   */
  public byte[] encode(T value) throws CodecException {
    return Msgpack.<CodecException>encode(packer -> codec.write(packer, value));
  }

  /**
   * Decodes a buffer holding exactly one value.
   *
   * @throws CodecException naming what was expected and found, including out-of-range numbers and
   *     trailing bytes
   */
  @SuppressWarnings("unchecked")
  public T decode(byte[] bytes) throws CodecException {
    Objects.requireNonNull(bytes, "bytes");
    return (T) Msgpack.decodeWhole(bytes, type.getTypeName(), codec::read);
  }

  @Override
  public String toString() {
    return "TdlCodec[" + type.getTypeName() + "]";
  }
}
