package dev.spider.cli.job;

/**
 * Where a job is. The flow:
 *
 * <pre>
 * [REGISTERED] -&gt; RUNNING                            started (a job file's job starts at once)
 * RUNNING -&gt; [COMMITTING] -&gt; SUCCEEDED                every graph task, then the commit task
 * RUNNING | COMMITTING -&gt; [CLEANING_UP] -&gt; FAILED     a task failed for good
 * REGISTERED | RUNNING | COMMITTING -&gt; [CLEANING_UP] -&gt; CANCELLED   cancelled
 * </pre>
 *
 * <p>The bracketed states are skipped when the job is started on submission or has no commit or
 * cleanup task. The cleanup task's own outcome does not change the final state (a failed cleanup is
 * in its task summary).
 *
 * <p>Immutable.
 */
public enum JobState {
  /**
   * Registered but not started: no task runs until it is (Spider's {@code READY}, the state a job
   * submitted over {@code RegisterJob} waits in for {@code StartJob}).
   */
  REGISTERED,
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
