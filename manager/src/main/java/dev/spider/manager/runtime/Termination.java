package dev.spider.manager.runtime;

import java.util.Objects;

/**
 * How an {@link ExecutionManager} ended: {@link Stopped} after {@link ExecutionManager#shutdown},
 * or {@link Failed} when its loop stopped on an error. Either way the shutdown sequence ran; {@link
 * #summary()} says how it went.
 */
public sealed interface Termination permits Termination.Stopped, Termination.Failed {

  /** What the shutdown sequence did. */
  Summary summary();

  /** The manager was asked to stop and did. */
  record Stopped(Summary summary) implements Termination {
    public Stopped {
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * The loop stopped on an error (a storage server error, a pool failure, a bug); the CLI should
   * exit with an error status.
   */
  record Failed(ExecutionManagerException error, Summary summary) implements Termination {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * @param tasksFinished tasks running when the stop began that ran to an outcome within the grace
   *     period (reported, or dropped as stale)
   * @param tasksAbandoned tasks still running when the grace period passed: stopped and reported as
   *     environmental failures ("executor lost"), so the job can retry them elsewhere
   * @param acknowledgedAtShutdown consumed assignments handed to {@code SchedulerClient.shutdown}
   * @param reportsFlushed whether every outcome report finished (delivered or dropped after its
   *     retries) within the report drain timeout
   */
  record Summary(
      int tasksFinished, int tasksAbandoned, int acknowledgedAtShutdown, boolean reportsFlushed) {}
}
