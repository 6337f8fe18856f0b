package dev.spider.tdl;

/**
 * Which task of a job a task instance runs: a task of the graph by its index, or the job's commit
 * or cleanup task. Mirrors Spider's {@code TaskId} enum; on the wire {@code Index(i)} is the map
 * {@code {"Index": i}} and the other two are the bare variant names.
 */
public sealed interface TaskId permits TaskId.Index, TaskId.Commit, TaskId.Cleanup {

  /** The commit task: receives the job's task-graph outputs. */
  TaskId COMMIT = new Commit();

  /** The cleanup task: runs when a job ends without committing. */
  TaskId CLEANUP = new Cleanup();

  /** A task of the graph; {@code index} is an unsigned 64-bit value carried in a {@code long}. */
  static TaskId index(long index) {
    return new Index(index);
  }

  /**
   * A task of the graph.
   *
   * @param index unsigned 64-bit index ({@code -1L} is u64::MAX)
   */
  record Index(long index) implements TaskId {
    @Override
    public String toString() {
      return "Index(" + Long.toUnsignedString(index) + ")";
    }
  }

  /** The commit task. Use {@link TaskId#COMMIT}. */
  record Commit() implements TaskId {
    @Override
    public String toString() {
      return "Commit";
    }
  }

  /** The cleanup task. Use {@link TaskId#CLEANUP}. */
  record Cleanup() implements TaskId {
    @Override
    public String toString() {
      return "Cleanup";
    }
  }
}
