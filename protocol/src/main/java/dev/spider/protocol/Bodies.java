package dev.spider.protocol;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.Msgpack;
import dev.spider.tdl.internal.Msgpack.FirstValue;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ImmutableValue;

/**
 * Turns frame bodies and payloads into MessagePack value trees for the codecs to pick apart. Bytes
 * that are not MessagePack are a different failure from a value of the wrong shape
 * (docs/frame-protocol.md, "Ordering, interrupts, shutdown"), so the two are kept apart here.
 *
 * <p>Thread-safe: stateless.
 */
final class Bodies {

  private Bodies() {}

  /**
   * The first value of a frame body, and how many bytes follow it: trailing bytes after a request
   * make it invalid, not the stream unreadable.
   *
   * @param what {@code "request"} or {@code "response"}, for the message
   * @throws ProtocolException when the body does not start with one whole MessagePack value
   */
  static FirstValue<ImmutableValue> first(byte[] body, String what) throws ProtocolException {
    try {
      return Msgpack.decodeFirst(body, what + " frame", MessageUnpacker::unpackValue);
    } catch (CodecException e) {
      throw new ProtocolException(e.getMessage(), e);
    }
  }

  /**
   * A payload that must hold exactly one value.
   *
   * @throws BadShape when it does not (empty, truncated, malformed or followed by bytes)
   */
  static ImmutableValue whole(byte[] payload) throws BadShape {
    try {
      return Msgpack.decodeWhole(
          payload, "not one MessagePack value", MessageUnpacker::unpackValue);
    } catch (CodecException e) {
      throw new BadShape(e.getMessage(), e);
    }
  }
}
