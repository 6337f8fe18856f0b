package dev.spider.tdl.codec;

import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads and writes one Java type as MessagePack. Implementations are stateless and thread-safe,
 * built once per type by {@link Codecs} and reused for every value.
 */
interface ValueCodec {

  void write(MessagePacker packer, Object value) throws IOException, CodecException;

  Object read(MessageUnpacker unpacker) throws IOException, CodecException;
}
