package dev.spider.tdl.internal;

import dev.spider.tdl.codec.CodecException;

/**
 * A buffer holds well-formed MessagePack that the decoder refuses before building it: nesting or a
 * value count beyond its {@link DecodeLimits}, or a timestamp extension {@link java.time.Instant}
 * cannot hold (docs/value-encodings.md, "Limits"). Unlike a truncated or malformed buffer, the
 * value's extent is known, so a reader of frames can answer it and carry on (the executor answers
 * {@code InvalidRequest}, docs/frame-protocol.md).
 *
 * <p>Not API (see {@link Msgpack}).
 */
public final class RefusedValueException extends CodecException {

  private static final long serialVersionUID = 1L;

  public RefusedValueException(String message) {
    super(message);
  }
}
