package dev.spider.protocol;

import dev.spider.tdl.internal.Msgpack.FirstValue;
import java.util.List;
import java.util.Map;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ImmutableValue;

/**
 * Encodes responses (the executor's side) and decodes them (the manager's side), dispatching on the
 * response's record type and on the frame's tag to one {@link FrameKindCodec} per kind.
 *
 * <p>Decoding is strict: the manager treats any deviation from docs/frame-protocol.md ("Frames") as
 * a broken executor, so every failure is a {@link ProtocolException}.
 *
 * <p>Thread-safe: stateless.
 */
final class ResponseCodec {

  // Package-private so ResponseCodecTest can check that every response kind has its codec.
  static final Map<Class<?>, FrameKindCodec<? extends Response>> BY_TYPE =
      FrameKindCodec.byType(List.of(HelloCodec.INSTANCE, ResultCodec.INSTANCE));

  private ResponseCodec() {}

  static byte[] encode(Response response) {
    FrameKindCodec<? extends Response> codec = BY_TYPE.get(response.getClass());
    if (codec == null) {
      // Response is sealed and ResponseCodecTest checks that every permitted record has a codec.
      throw new IllegalStateException("no codec for " + response.getClass().getName());
    }
    return codec.encode(response);
  }

  /**
   * Decodes a response frame body.
   *
   * @throws ProtocolException naming what is wrong: unreadable bytes, trailing bytes or a value of
   *     the wrong shape
   */
  static Response decode(byte[] body) throws ProtocolException {
    FirstValue<ImmutableValue> first;
    try {
      first = Bodies.first(body, "response");
    } catch (BadShape refused) {
      throw new ProtocolException("refused response: " + refused.getMessage(), refused);
    }
    if (first.hasTrailingBytes()) {
      throw new ProtocolException("trailing bytes after the response value");
    }
    try {
      return read(first.value());
    } catch (BadShape e) {
      throw new ProtocolException("malformed response: " + e.getMessage(), e);
    }
  }

  private static Response read(ImmutableValue value) throws BadShape {
    if (!value.isArrayValue() || value.asArrayValue().size() == 0) {
      throw new BadShape("a response is a non-empty array, found " + Fields.show(value));
    }
    ArrayValue array = value.asArrayValue();
    long tag = Fields.u64(array.get(0), "tag");
    // Tags beyond the int range are unknown like any other; the switch needs an int.
    int t = tag <= Integer.MAX_VALUE && tag >= 0 ? (int) tag : -1;
    FrameKindCodec<? extends Response> codec =
        switch (t) {
          case Response.RESULT_TAG -> ResultCodec.INSTANCE;
          case Response.HELLO_TAG -> HelloCodec.INSTANCE;
          default -> throw new BadShape("unknown response tag " + Long.toUnsignedString(tag));
        };
    return codec.read(array);
  }
}
