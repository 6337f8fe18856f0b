package dev.spider.manager.client;

/**
 * No usable reply from the service: the connection failed or was lost, or the request timed out.
 * The call may or may not have taken effect. Usually transient: back off and retry (each client
 * method says how).
 */
public final class TransportException extends ClientException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   */
  public TransportException(String message) {
    super(message, null);
  }

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param cause the underlying failure, e.g. the I/O exception
   */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
