package dev.spider.cli;

/**
 * A problem with what the user asked for: a bad flag, a missing package directory, bad JSON, a bad
 * job file. The CLI prints the message as one line and exits with status 2.
 *
 * <p>Immutable.
 */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
