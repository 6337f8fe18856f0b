package dev.spider.protocol;

import java.util.Arrays;

/**
 * A request from the manager to an executor, one per frame on the executor's stdin. {@code seq}
 * values are unsigned 64-bit, carried in {@code long}.
 */
public sealed interface Request
    permits Request.Execute,
        Request.Shutdown,
        Request.Interrupt,
        Request.Describe,
        Request.Invalid {

  int EXECUTE_TAG = 0;
  int SHUTDOWN_TAG = 1;
  int INTERRUPT_TAG = 2;
  int DESCRIBE_TAG = 3;

  /** {@code [0, seq, package, task_func, raw_ctx: bin, raw_inputs: bin]}. */
  record Execute(long seq, String packageName, String taskName, byte[] rawContext, byte[] rawInputs)
      implements Request {
    @Override
    public boolean equals(Object o) {
      return o instanceof Execute e
          && seq == e.seq
          && packageName.equals(e.packageName)
          && taskName.equals(e.taskName)
          && Arrays.equals(rawContext, e.rawContext)
          && Arrays.equals(rawInputs, e.rawInputs);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(seq) * 31 + packageName.hashCode() * 17 + taskName.hashCode();
    }

    @Override
    public String toString() {
      return "Execute{seq="
          + Long.toUnsignedString(seq)
          + ", "
          + packageName
          + "/"
          + taskName
          + ", ctx="
          + rawContext.length
          + "B, inputs="
          + rawInputs.length
          + "B}";
    }
  }

  /** {@code [1]}: finish the running task if it ends when interrupted, then exit 0. */
  record Shutdown() implements Request {}

  /** {@code [2, seq]}: interrupt the Java task of Execute {@code seq} if it is still running. */
  record Interrupt(long seq) implements Request {}

  /** {@code [3, seq, package]}: load a package and describe it. */
  record Describe(long seq, String packageName) implements Request {}

  /**
   * A frame that held one MessagePack value that is not a valid request; answered in its turn with
   * an {@code InvalidRequest} Result carrying {@code seq} (the second element when it is a uint,
   * else 0).
   */
  record Invalid(long seq, String reason) implements Request {}
}
