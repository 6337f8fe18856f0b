package dev.spider.manager.client;

/**
 * The scheduler's reply is malformed: a bug or a version mismatch between this manager and the
 * scheduler, not a network blip. Spider's {@code SchedulerError::Protocol}. (Named apart from the
 * executor protocol's {@code ProtocolException}, an {@code IOException} also used in this module.)
 */
public final class SchedulerProtocolException extends ClientException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   */
  public SchedulerProtocolException(String message) {
    super(message, null);
  }

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param cause the underlying failure, e.g. the I/O exception
   */
  public SchedulerProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
