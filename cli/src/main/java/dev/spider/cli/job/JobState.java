package dev.spider.cli.job;

/**
 * Where a job is. The flow:
 *
 * <pre>
 * RUNNING -&gt; [COMMITTING] -&gt; SUCCEEDED                every graph task, then the commit task
 * RUNNING | COMMITTING -&gt; [CLEANING_UP] -&gt; FAILED     a task failed for good
 * RUNNING | COMMITTING -&gt; [CLEANING_UP] -&gt; CANCELLED  EmbeddedCluster.cancel
 * </pre>
 *
 * <p>The bracketed states are skipped when the job has no commit or cleanup task. The cleanup
 * task's own outcome does not change the final state (a failed cleanup is in its task summary).
 *
 * <p>Immutable.
 */
public enum JobState {
  /** Graph tasks are running or waiting to. */
  RUNNING,
  /** Every graph task succeeded; the commit task is running or waiting to. */
  COMMITTING,
  /** The job failed or was cancelled; the cleanup task is running or waiting to. */
  CLEANING_UP,
  /** Every graph task succeeded, and the commit task if there is one. */
  SUCCEEDED,
  /**
   * A task (the commit task included) failed for good; the cleanup task has run if there is one.
   */
  FAILED,
  /** Cancelled; the cleanup task has run if there is one. */
  CANCELLED;

  /** Whether the job has ended; it never changes state again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
