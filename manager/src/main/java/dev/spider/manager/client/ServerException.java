package dev.spider.manager.client;

/**
 * The service failed in a way the execution manager cannot fix by retrying at once: an internal
 * error of the scheduler or storage, or a reply that is unusable (malformed, or breaking Spider's
 * rules, e.g. an {@link ExecutionContext} for the commit task without task-graph outputs).
 */
public final class ServerException extends ClientException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   */
  public ServerException(String message) {
    super(message, null);
  }

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param cause the underlying failure, e.g. the I/O exception
   */
  public ServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
