package dev.spider.cli.graph;

import java.util.Objects;

/**
 * A task graph's JSON cannot be used: not JSON, not the shape of a task graph, or breaking one of
 * upstream's rules ({@link TaskGraphCheck}). The message is one line, {@code invalid task graph at
 * <pointer>: <problem and how to fix it>}, ready to show to a user or to return as a gRPC status
 * description.
 *
 * <p>Immutable.
 */
public final class InvalidTaskGraphException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String problem;

  /**
   * @param pointer the JSON pointer of the offending value, e.g. {@code /tasks/1/inputs/0}; empty
   *     for the whole document
   * @param problem what is wrong and how to fix it
   */
  public InvalidTaskGraphException(String pointer, String problem) {
    super(
        "invalid task graph"
            + (Objects.requireNonNull(pointer, "pointer").isEmpty() ? "" : " at " + pointer)
            + ": "
            + Objects.requireNonNull(problem, "problem"));
    this.pointer = pointer;
    this.problem = problem;
  }

  /** The JSON pointer of the offending value; empty for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong and how to fix it, without the place. */
  public String problem() {
    return problem;
  }
}
