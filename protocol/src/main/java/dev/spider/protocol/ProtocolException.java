package dev.spider.protocol;

import java.io.IOException;

/**
 * The byte stream between manager and executor is unreadable: a frame length of zero or above the
 * maximum, a truncated frame, bytes that are not one MessagePack value, or (on the manager's side)
 * a response that breaks the protocol. The stream cannot be resynchronised; its owner gives up on
 * the peer.
 */
public final class ProtocolException extends IOException {

  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
