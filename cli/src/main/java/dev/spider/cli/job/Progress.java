package dev.spider.cli.job;

import java.util.Locale;

/**
 * How far a job's graph tasks are, for a progress line; the commit and cleanup tasks are not
 * counted (the state says when they run). {@code total} minus the four counts is the number of
 * tasks waiting or ready.
 *
 * <p>Immutable.
 *
 * @param state the job's state
 * @param done graph tasks that succeeded
 * @param running graph tasks assigned or running
 * @param failed graph tasks that failed for good
 * @param skipped graph tasks that will not run or were cancelled while running
 * @param total graph tasks in the job
 */
public record Progress(JobState state, int done, int running, int failed, int skipped, int total) {

  /** For a progress line, e.g. {@code "3 done, 2 running, 0 failed of 7 (running)"}. */
  @Override
  public String toString() {
    return done
        + " done, "
        + running
        + " running, "
        + failed
        + " failed"
        + (skipped == 0 ? "" : ", " + skipped + " skipped")
        + " of "
        + total
        + " ("
        + state.name().toLowerCase(Locale.ROOT)
        + ")";
  }
}
