package dev.spider.cli.jobfile;

import java.util.Objects;

/**
 * A job file cannot be used: unreadable, not JSON, or not a valid job. The message is one line,
 * {@code <file>:<line>:<column>: <problem and how to fix it>} (without line and column when the
 * problem has no place in the text, e.g. a missing file), ready to show to a user.
 *
 * <p>Immutable.
 */
public final class JobFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param source the file as the user named it, e.g. {@code jobs/fanout.json}
   * @param line the 1-based line of the problem, or 0 when it has none
   * @param column the 1-based column of the problem, or 0 when it has none
   * @param problem what is wrong and how to fix it
   */
  public JobFileException(String source, int line, int column, String problem) {
    super(format(source, line, column, problem));
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private static String format(String source, int line, int column, String problem) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(problem, "problem");
    return line > 0 ? source + ":" + line + ":" + column + ": " + problem : source + ": " + problem;
  }

  /** The file as the user named it. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it has no place in the text. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, or 0 when it has no place in the text. */
  public int column() {
    return column;
  }

  /** What is wrong and how to fix it, without the place. */
  public String problem() {
    return problem;
  }
}
