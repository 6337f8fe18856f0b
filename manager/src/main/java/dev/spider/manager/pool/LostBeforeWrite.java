package dev.spider.manager.pool;

/**
 * The executor was found dead, or would not take the request, before the request reached it. The
 * task is not charged: the pool replaces the executor and sends the request to another
 * (docs/process-pool.md). The message names the executor and what was seen.
 */
final class LostBeforeWrite extends Exception {

  private static final long serialVersionUID = 1L;

  LostBeforeWrite(String message) {
    super(message);
  }

  LostBeforeWrite(String message, Throwable cause) {
    super(message, cause);
  }
}
