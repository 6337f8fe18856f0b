package dev.spider.tdl.codec;

import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads and writes one Java type as MessagePack. Implementations are immutable and thread-safe,
 * built once per type by {@link Codecs} and reused for every value.
 */
interface ValueCodec {

  /**
   * Writes {@code value}, which is of this codec's type or null.
   *
   * @throws CodecException when the value has no encoding (null for a primitive, a BigInteger
   *     beyond 64 bits, ...)
   */
  void write(MessagePacker packer, Object value) throws IOException, CodecException;

  /**
   * Reads one value of this codec's type.
   *
   * @throws CodecException naming what was expected and found
   */
  Object read(MessageUnpacker unpacker) throws IOException, CodecException;
}
