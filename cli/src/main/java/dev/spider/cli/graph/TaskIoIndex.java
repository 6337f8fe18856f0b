package dev.spider.cli.graph;

/**
 * One input or output of a graph task: the task's index in the graph and the position among its
 * inputs or outputs. In JSON, as an input source: {@code {"task_idx": 0, "position": 1}}.
 *
 * <p>Immutable.
 *
 * @param taskIdx the task's position in {@link TaskGraph#tasks()}, from 0
 * @param position the input's or output's position within the task, from 0
 */
public record TaskIoIndex(int taskIdx, int position) {

  /**
   * @throws IllegalArgumentException when either index is negative
   */
  public TaskIoIndex {
    if (taskIdx < 0 || position < 0) {
      throw new IllegalArgumentException(
          "task_idx and position must be >= 0, got " + taskIdx + " and " + position);
    }
  }

  /** {@code task 2 position 0}, for messages. */
  @Override
  public String toString() {
    return "task " + taskIdx + " position " + position;
  }
}
