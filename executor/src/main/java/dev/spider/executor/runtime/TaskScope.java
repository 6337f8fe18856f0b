package dev.spider.executor.runtime;

import java.util.Optional;

/**
 * What the executor is working on, for log lines: request sequence number, package, task and job.
 * Set on the task thread for the duration of a request and inherited by threads a task starts.
 */
public record TaskScope(long seq, String packageName, String taskName, String jobId) {

  private static final InheritableThreadLocal<TaskScope> CURRENT = new InheritableThreadLocal<>();

  static void enter(TaskScope scope) {
    CURRENT.set(scope);
  }

  static void exit() {
    CURRENT.remove();
  }

  public static Optional<TaskScope> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  public String toString() {
    return "seq="
        + Long.toUnsignedString(seq)
        + " pkg="
        + packageName
        + " task="
        + taskName
        + " job="
        + jobId;
  }
}
