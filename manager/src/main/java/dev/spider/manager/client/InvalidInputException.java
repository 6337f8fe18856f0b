package dev.spider.manager.client;

/**
 * Storage refused what the caller sent — outputs reported for the commit or cleanup task, outputs
 * missing for a graph task, malformed outputs. A bug of the caller: retrying the same call fails
 * the same way. Spider's {@code StorageResponseError::InvalidInput}.
 */
public final class InvalidInputException extends ClientException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the operation, the IDs it was called with, and what was refused
   */
  public InvalidInputException(String message) {
    super(message, null);
  }
}
