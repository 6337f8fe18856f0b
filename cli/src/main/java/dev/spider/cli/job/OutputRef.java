package dev.spider.cli.job;

import java.util.Objects;

/**
 * An output of a graph task, named by the task's id in the job and the output's position: as an
 * {@link Input} of another task, or as one of the job's outputs routed to the commit task.
 *
 * <p>Immutable.
 *
 * @param task the id of the producing task in the job ({@link TaskSpec#id()})
 * @param output the position of the output among the task's outputs, from 0
 */
public record OutputRef(String task, int output) implements Input {

  /**
   * @throws IllegalArgumentException when {@code output} is negative
   */
  public OutputRef {
    Objects.requireNonNull(task, "task");
    if (output < 0) {
      throw new IllegalArgumentException(
          "output index of a reference to task '" + task + "' must be >= 0, got " + output);
    }
  }

  /** {@code task[output]}, for messages. */
  @Override
  public String toString() {
    return task + "[" + output + "]";
  }
}
