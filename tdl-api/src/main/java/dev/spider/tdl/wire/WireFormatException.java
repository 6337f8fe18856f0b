package dev.spider.tdl.wire;

import dev.spider.tdl.codec.CodecException;

/** A wire-format buffer is malformed; the message says where and how. */
public final class WireFormatException extends CodecException {

  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
