package dev.spider.protocol;

import dev.spider.tdl.TdlError;
import dev.spider.tdl.internal.Msgpack;
import java.util.Map;
import java.util.Optional;
import org.msgpack.value.Value;

/**
 * The failure payload of a Result: the map {@code {"kind": str, "message": str}}, plus {@code
 * "tdl_error": {"kind": <TdlError variant>, "message": str}} when the {@link ExecutorError} carries
 * one (docs/frame-protocol.md, "Frames"; the kinds are in docs/error-kinds.md). Keys are read in
 * any order.
 *
 * <p>Thread-safe: stateless.
 */
final class ExecutorErrorCodec {

  private ExecutorErrorCodec() {}

  static byte[] encode(ExecutorError error) {
    return Msgpack.encode(
        p -> {
          Optional<TdlError> tdl = error.tdlError();
          p.packMapHeader(tdl.isPresent() ? 3 : 2);
          p.packString("kind").packString(error.kind().wireName());
          p.packString("message").packString(error.message());
          if (tdl.isPresent()) {
            p.packString("tdl_error").packMapHeader(2);
            p.packString("kind").packString(tdl.get().kind().variantName());
            p.packString("message").packString(tdl.get().getMessage());
          }
        });
  }

  /**
   * Decodes a failure payload.
   *
   * @throws ProtocolException naming the missing or malformed entry, or the rule of {@link
   *     ExecutorError} the payload breaks (a TaskError without its TdlError, ...)
   */
  static ExecutorError decode(byte[] payload) throws ProtocolException {
    try {
      Map<Value, Value> map = Fields.map(Bodies.whole(payload), "failure payload");
      String kindName = Fields.string(Fields.required(map, "kind"), "kind");
      ErrorKind kind =
          ErrorKind.fromWireName(kindName)
              .orElseThrow(() -> new BadShape("unknown error kind '" + kindName + "'"));
      String message = Fields.string(Fields.required(map, "message"), "message");
      Optional<Value> tdlValue = Fields.optional(map, "tdl_error");
      Optional<TdlError> tdl =
          tdlValue.isPresent() ? Optional.of(tdlError(tdlValue.get())) : Optional.empty();
      return new ExecutorError(kind, message, tdl);
    } catch (BadShape | IllegalArgumentException e) {
      throw new ProtocolException("malformed failure payload: " + e.getMessage(), e);
    }
  }

  private static TdlError tdlError(Value value) throws BadShape {
    Map<Value, Value> map = Fields.map(value, "tdl_error");
    String variant = Fields.string(Fields.required(map, "kind"), "tdl_error.kind");
    TdlError.Kind kind =
        TdlError.Kind.fromVariantName(variant)
            .orElseThrow(() -> new BadShape("unknown TdlError kind '" + variant + "'"));
    return new TdlError(kind, Fields.string(Fields.required(map, "message"), "tdl_error.message"));
  }
}
