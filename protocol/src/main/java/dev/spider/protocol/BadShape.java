package dev.spider.protocol;

/**
 * A well-formed MessagePack value of the wrong shape for what it should hold: a missing field, a
 * field of the wrong type, an unknown tag. The message names the field and what was found.
 *
 * <p>Never leaves this package: the request decoder turns it into a {@link Request.Invalid} (the
 * executor answers {@code InvalidRequest} and carries on), the other decoders into a {@link
 * ProtocolException}.
 */
final class BadShape extends Exception {

  private static final long serialVersionUID = 1L;

  BadShape(String message) {
    super(message);
  }

  BadShape(String message, Throwable cause) {
    super(message, cause);
  }
}
