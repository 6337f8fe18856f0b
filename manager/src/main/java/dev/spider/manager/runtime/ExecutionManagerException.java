package dev.spider.manager.runtime;

import java.util.Objects;

/**
 * The execution manager could not start, or its runtime loop stopped on an error. {@link #kind()}
 * says which part failed; the message names the call, the IDs involved and what an operator can do.
 */
public final class ExecutionManagerException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which part of the runtime failed. */
  public enum Kind {
    /** Storage could not be reached to register at start-up, after the configured attempts. */
    REGISTRATION,
    /**
     * Storage failed while registering a task instance ({@code ServerException}), or a registration
     * may have reached storage but its reply was lost (a {@code TransportException} that is not
     * {@code NOT_SENT}); Spider's runtime stops on both too.
     */
    STORAGE,
    /** The task runner (the executor pool) failed: no executor can be started, or it is closed. */
    POOL,
    /** A bug: an unexpected exception in the runtime or in a client or runner implementation. */
    INTERNAL
  }

  private final Kind kind;

  /**
   * @param kind which part failed
   * @param message the call, the IDs involved and what went wrong
   * @param cause the underlying exception, if any
   */
  public ExecutionManagerException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return "ExecutionManagerException[" + kind + "]: " + getMessage();
  }
}
