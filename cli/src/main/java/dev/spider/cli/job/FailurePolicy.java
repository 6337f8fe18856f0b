package dev.spider.cli.job;

/**
 * What a job does when one of its graph tasks fails for good (deterministically, or after its retry
 * budget). Either way the job ends {@link JobState#FAILED}, its commit task does not run and its
 * cleanup task does; the tasks that depend on the failed task, directly or not, are {@link
 * TaskStatus#SKIPPED}.
 *
 * <p>Immutable.
 */
public enum FailurePolicy {
  /**
   * Stop at once, as Spider does: tasks not started are skipped, running ones cancelled (their
   * reports are refused as stale). Job-file name {@code "fail_fast"}.
   */
  FAIL_FAST("fail_fast"),
  /**
   * Let every task that does not depend on a failed task run to its end first, so one run shows
   * every failure (like {@code make -k}). Job-file name {@code "continue_independent"}.
   */
  CONTINUE_INDEPENDENT("continue_independent");

  private final String fileName;

  FailurePolicy(String fileName) {
    this.fileName = fileName;
  }

  /** The name in a job file's {@code on_failure} field. */
  public String fileName() {
    return fileName;
  }

  /**
   * The policy a job file names.
   *
   * @throws IllegalArgumentException echoing the name and listing the valid ones
   */
  public static FailurePolicy fromFileName(String name) {
    for (FailurePolicy policy : values()) {
      if (policy.fileName.equals(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown failure policy \"" + name + "\"; use \"fail_fast\" or \"continue_independent\"");
  }
}
