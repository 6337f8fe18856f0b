package dev.spider.tests;

/**
 * The text an executor writes into its log lines for a task, built from the request's values so
 * that no test hard-codes an id. Every line logged while a task runs starts with the task's scope
 * in brackets, {@code [seq=S pkg=P task=T job=J]}, and at log level debug the first of them is
 * {@code [scope] start} (docs/frame-protocol.md, "Running an executor").
 *
 * <p>All tasks of the tests run under {@link Tdl}'s contexts, hence job {@link Tdl#JOB_ID}.
 * Stateless; thread-safe.
 */
public final class ExecutorLogText {

  private ExecutorLogText() {}

  /** The scope of request {@code seq} running {@code task} of {@code pkg}. */
  public static String scope(long seq, String pkg, String task) {
    return "seq=" + Long.toUnsignedString(seq) + " " + unsequenced(pkg, task);
  }

  /** The line announcing that request {@code seq} started {@code task}. */
  public static String taskStart(long seq, String pkg, String task) {
    return "[" + scope(seq, pkg, task) + "] start";
  }

  /**
   * The line announcing that {@code task} of {@code pkg} started, whatever its seq: for requests
   * sent by a pool, which chooses the seq itself.
   */
  public static String taskStart(String pkg, String task) {
    return unsequenced(pkg, task) + "] start";
  }

  private static String unsequenced(String pkg, String task) {
    return "pkg=" + pkg + " task=" + task + " job=" + Long.toUnsignedString(Tdl.JOB_ID);
  }
}
