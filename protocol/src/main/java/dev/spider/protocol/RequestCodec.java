package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import dev.spider.tdl.internal.Msgpack.FirstValue;
import java.util.List;
import java.util.Map;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ImmutableValue;
import org.msgpack.value.Value;

/**
 * Encodes requests (the manager's side) and decodes them (the executor's side), dispatching on the
 * request's record type and on the frame's tag to one {@link FrameKindCodec} per kind.
 *
 * <p>Decoding separates two failures as docs/frame-protocol.md ("Ordering, interrupts, shutdown")
 * requires: bytes that are not one MessagePack value are a {@link ProtocolException} (the stream is
 * unreadable), while one value of the wrong shape becomes a {@link Request.Invalid}, answered with
 * {@code InvalidRequest} carrying the request's second element as {@code seq} when that is a uint.
 *
 * <p>Thread-safe: stateless.
 */
final class RequestCodec {

  // Package-private so RequestCodecTest can check that every request kind has its codec.
  static final Map<Class<?>, FrameKindCodec<? extends Request>> BY_TYPE =
      FrameKindCodec.byType(
          List.of(
              ExecuteCodec.INSTANCE,
              ShutdownCodec.INSTANCE,
              InterruptCodec.INSTANCE,
              DescribeCodec.INSTANCE));

  private RequestCodec() {}

  /**
   * Encodes a request.
   *
   * @throws IllegalArgumentException for a {@link Request.Invalid}, which only ever comes out of
   *     decoding and has no encoding
   */
  static byte[] encode(Request request) {
    FrameKindCodec<? extends Request> codec = BY_TYPE.get(request.getClass());
    if (codec == null) {
      throw new IllegalArgumentException("an invalid request has no encoding: " + request);
    }
    return codec.encode(request);
  }

  /**
   * Decodes a request frame body.
   *
   * @throws ProtocolException when the body is not one MessagePack value (truncated or malformed);
   *     a value beyond the decoding limits is a {@link Request.Invalid}
   */
  static Request decode(byte[] body) throws ProtocolException {
    FirstValue<ImmutableValue> first;
    try {
      first = Bodies.first(body, "request");
    } catch (BadShape refused) {
      return new Request.Invalid(RefusedRequestSeq.of(body), refused.getMessage());
    }
    long seq = seqOf(first.value());
    if (first.hasTrailingBytes()) {
      return new Request.Invalid(seq, "trailing bytes after the request value");
    }
    try {
      return read(first.value());
    } catch (BadShape e) {
      return new Request.Invalid(seq, e.getMessage());
    }
  }

  /** The request's second element when it is a uint, else 0, so an invalid request is answered. */
  private static long seqOf(Value value) {
    if (value.isArrayValue() && value.asArrayValue().size() >= 2) {
      return Integers.asU64(value.asArrayValue().get(1)).orElse(0);
    }
    return 0;
  }

  private static Request read(Value value) throws BadShape {
    if (!value.isArrayValue()) {
      throw new BadShape("a request is an array, found " + value.getValueType());
    }
    ArrayValue array = value.asArrayValue();
    if (array.size() == 0) {
      throw new BadShape("empty request array");
    }
    Value tag = array.get(0);
    if (!tag.isIntegerValue() || !tag.asIntegerValue().isInIntRange()) {
      throw new BadShape("request tag must be a small uint, found " + Fields.show(tag));
    }
    int t = tag.asIntegerValue().toInt();
    FrameKindCodec<? extends Request> codec =
        switch (t) {
          case Request.EXECUTE_TAG -> ExecuteCodec.INSTANCE;
          case Request.SHUTDOWN_TAG -> ShutdownCodec.INSTANCE;
          case Request.INTERRUPT_TAG -> InterruptCodec.INSTANCE;
          case Request.DESCRIBE_TAG -> DescribeCodec.INSTANCE;
          default ->
              throw new BadShape(
                  "unknown request tag " + t + " (0 Execute, 1 Shutdown, 2 Interrupt, 3 Describe)");
        };
    return codec.read(array);
  }
}
