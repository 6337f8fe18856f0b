package dev.spider.protocol;

import dev.spider.tdl.TdlError;
import java.util.Objects;
import java.util.Optional;

/**
 * The failure payload of a Result: a kind, a one-line message, and the task's {@link TdlError} for
 * {@link ErrorKind#TASK_ERROR} (always) and {@link ErrorKind#PACKAGE_INIT_ERROR} (when the init
 * hook failed with one).
 *
 * @param message one line; line breaks are replaced by spaces
 */
public record ExecutorError(ErrorKind kind, String message, Optional<TdlError> tdlError) {

  /**
   * Messages are cut to this many characters (marked), so a failure always fits a frame: a task's
   * exception message can be arbitrarily long.
   */
  public static final int MAX_MESSAGE_CHARS = 2000;

  public ExecutorError {
    Objects.requireNonNull(kind, "kind");
    message = capped(oneLine(Objects.requireNonNull(message, "message")));
    Objects.requireNonNull(tdlError, "tdlError");
    tdlError =
        tdlError.map(
            t ->
                t.getMessage().length() <= MAX_MESSAGE_CHARS
                    ? t
                    : new TdlError(t.kind(), capped(t.getMessage()), t));
    if (kind == ErrorKind.TASK_ERROR && tdlError.isEmpty()) {
      throw new IllegalArgumentException("a TaskError carries the task's TdlError");
    }
    if (tdlError.isPresent()
        && kind != ErrorKind.TASK_ERROR
        && kind != ErrorKind.PACKAGE_INIT_ERROR) {
      throw new IllegalArgumentException(kind.wireName() + " does not carry a TdlError");
    }
  }

  public static ExecutorError of(ErrorKind kind, String message) {
    return new ExecutorError(kind, message, Optional.empty());
  }

  /** A task (or init hook) failed with its own TdlError. */
  public static ExecutorError taskError(TdlError error) {
    return new ExecutorError(
        ErrorKind.TASK_ERROR,
        error.kind().variantName() + ": " + error.getMessage(),
        Optional.of(error));
  }

  private static String capped(String text) {
    if (text.length() <= MAX_MESSAGE_CHARS) {
      return text;
    }
    String marker = " [... " + (text.length() - MAX_MESSAGE_CHARS) + " more characters]";
    return text.substring(0, MAX_MESSAGE_CHARS - marker.length()) + marker;
  }

  private static String oneLine(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public String toString() {
    return kind.wireName() + ": " + message;
  }
}
