package dev.spider.protocol;

import java.util.Objects;

/**
 * A request failed for a reason the executor reports as an {@link ExecutorError}: the package could
 * not be found or loaded, its init hook failed, a native error payload was undecodable, and so on.
 * A Java task's own exceptions are not wrapped in this; the executor classifies those itself.
 */
public final class ExecutorFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient ExecutorError error;

  public ExecutorFailure(ExecutorError error) {
    this(error, null);
  }

  public ExecutorFailure(ExecutorError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = Objects.requireNonNull(error, "error");
  }

  public ExecutorFailure(ErrorKind kind, String message) {
    this(ExecutorError.of(kind, message));
  }

  public ExecutorFailure(ErrorKind kind, String message, Throwable cause) {
    this(ExecutorError.of(kind, message), cause);
  }

  public ExecutorError error() {
    return error;
  }
}
