package dev.spider.manager.pool;

/**
 * The pool itself failed, as opposed to a task: an executor cannot be spawned (no such java binary,
 * no executor jar), every executor dies before its Hello, or the pool is closed. The message says
 * what was tried and what to fix. Immutable.
 */
public final class PoolException extends Exception {

  private static final long serialVersionUID = 1L;

  public PoolException(String message) {
    super(message);
  }

  public PoolException(String message, Throwable cause) {
    super(message, cause);
  }
}
