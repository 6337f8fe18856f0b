package dev.spider.cli.types;

import java.util.Objects;

/**
 * A JSON value does not fit the TDL type it was declared with: wrong kind, out of range, bad
 * base64. {@link #pointer()} says where inside the value, so a job file parser can point at the
 * line and column of the offending element.
 *
 * <p>Immutable.
 */
public final class InvalidLiteralException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String problem;

  /**
   * @param pointer a JSON pointer (RFC 6901) into the value, {@code ""} for the value itself, e.g.
   *     {@code "/2"} for the third element of a list
   * @param problem what is wrong, e.g. {@code "300 is out of range for int8 [-128, 127]"}
   */
  public InvalidLiteralException(String pointer, String problem) {
    super(
        Objects.requireNonNull(pointer, "pointer").isEmpty()
            ? Objects.requireNonNull(problem, "problem")
            : "at " + pointer + ": " + Objects.requireNonNull(problem, "problem"));
    this.pointer = pointer;
    this.problem = problem;
  }

  /** Where inside the value: a JSON pointer, {@code ""} for the value itself. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong, without the pointer. */
  public String problem() {
    return problem;
  }
}
