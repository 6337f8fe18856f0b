package dev.spider.protocol;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.DecodeLimits;
import dev.spider.tdl.internal.Msgpack;
import dev.spider.tdl.internal.Msgpack.FirstValue;
import dev.spider.tdl.internal.RefusedValueException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ImmutableValue;

/**
 * Turns frame bodies and payloads into MessagePack value trees for the codecs to pick apart. Bytes
 * that are not MessagePack are a different failure from a value of the wrong shape
 * (docs/frame-protocol.md, "Ordering, interrupts, shutdown"), so the two are kept apart here.
 *
 * <p>Every body is walked within {@link #LIMITS} before it is unpacked (docs/frame-protocol.md,
 * "Limits"): no header can make the decoder allocate more than the body holds, recurse deeper than
 * the limit, or throw anything but the exceptions declared here.
 *
 * <p>Thread-safe: stateless.
 */
final class Bodies {

  /**
   * The limits of one frame body or payload. Frames nest three levels at most and hold a handful of
   * values; the largest legitimate list is a Describe payload's task names. A million values keeps
   * the unpacked tree within tens of megabytes, whatever the frame size.
   */
  static final DecodeLimits LIMITS = new DecodeLimits(DecodeLimits.MAX_DEPTH, 1 << 20);

  private Bodies() {}

  /**
   * The first value of a frame body, and how many bytes follow it: trailing bytes after a request
   * make it invalid, not the stream unreadable.
   *
   * @param what {@code "request"} or {@code "response"}, for the message
   * @throws BadShape when the body holds well-formed MessagePack beyond {@link #LIMITS}: its extent
   *     is known, so a request is answered rather than the stream given up
   * @throws ProtocolException when the body does not start with one whole MessagePack value
   */
  static FirstValue<ImmutableValue> first(byte[] body, String what)
      throws BadShape, ProtocolException {
    try {
      return Msgpack.decodeFirst(body, what + " frame", LIMITS, MessageUnpacker::unpackValue);
    } catch (RefusedValueException e) {
      throw new BadShape(e.getMessage(), e);
    } catch (CodecException e) {
      throw new ProtocolException(e.getMessage(), e);
    }
  }

  /**
   * A payload that must hold exactly one value.
   *
   * @throws BadShape when it does not (empty, truncated, malformed, beyond {@link #LIMITS} or
   *     followed by bytes)
   */
  static ImmutableValue whole(byte[] payload) throws BadShape {
    try {
      return Msgpack.decodeWhole(
          payload, "not one MessagePack value", LIMITS, MessageUnpacker::unpackValue);
    } catch (CodecException e) {
      throw new BadShape(e.getMessage(), e);
    }
  }
}
