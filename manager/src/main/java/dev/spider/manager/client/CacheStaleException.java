package dev.spider.manager.client;

/**
 * Storage's job cache refused the operation as stale: the job or the task is no longer runnable —
 * it already ended, was cancelled, or this instance's outcome was already recorded. Nothing is
 * wrong with the manager; the work is simply no longer wanted. Spider's {@code
 * StorageResponseError::CacheStale}.
 */
public final class CacheStaleException extends ClientException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the operation, the IDs it was called with, and storage's reason
   */
  public CacheStaleException(String message) {
    super(message, null);
  }
}
