package dev.spider.cli.job;

/**
 * Where one task of a job is. The flow:
 *
 * <pre>
 * WAITING -&gt; READY -&gt; RUNNING -&gt; SUCCEEDED | FAILED
 *                       RUNNING -&gt; READY     environmental failure within the retry budget, or
 *                                            a new storage session voided the attempt
 * WAITING | READY -&gt; SKIPPED                 will never run (see below)
 * RUNNING -&gt; CANCELLED                       the job ended while it ran; its report is refused
 * </pre>
 *
 * <p>Immutable.
 */
public enum TaskStatus {
  /**
   * Not runnable yet: a graph task waiting for the tasks it takes inputs from, the commit task for
   * every graph task, the cleanup task for the job to fail or be cancelled.
   */
  WAITING,
  /** Runnable, waiting for an execution manager to take it. */
  READY,
  /** Assigned to an execution manager, or running there. */
  RUNNING,
  SUCCEEDED,
  /** Failed for good: deterministically, or after its retry budget. */
  FAILED,
  /**
   * Never ran and never will: a task it depends on failed, the job failed fast or was cancelled, or
   * it is a termination task the job's end does not call for (the commit task of a failed job, the
   * cleanup task of a successful one).
   */
  SKIPPED,
  /** Was running when the job ended; what it reports is refused as stale. */
  CANCELLED;

  /** Whether the task will not change status again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
  }
}
