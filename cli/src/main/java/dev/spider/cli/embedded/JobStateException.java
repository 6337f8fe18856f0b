package dev.spider.cli.embedded;

import dev.spider.cli.job.JobState;
import dev.spider.manager.client.JobId;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job of the embedded cluster is not in a state the call can act on: starting a job already
 * started, asking for the outputs of a job that has not succeeded, or for the error of one that has
 * not failed. The caller's mistake, not the cluster's; asking again once the job is in one of
 * {@link #expected()} states succeeds.
 *
 * <p>Immutable.
 */
public final class JobStateException extends Exception {

  private static final long serialVersionUID = 1L;

  private final JobId jobId;
  private final JobState state;
  private final Set<JobState> expected;

  /**
   * @param jobId the job
   * @param state the state it is in
   * @param expected the states the call needs it in
   * @param call what was asked, e.g. {@code "start"}, for the message
   */
  JobStateException(JobId jobId, JobState state, Set<JobState> expected, String call) {
    super(
        "cannot "
            + Objects.requireNonNull(call, "call")
            + " job "
            + Objects.requireNonNull(jobId, "jobId")
            + ": it is "
            + lowerCase(Objects.requireNonNull(state, "state"))
            + ", and that needs it "
            + expected.stream()
                .map(JobStateException::lowerCase)
                .collect(Collectors.joining(" or ")));
    this.jobId = jobId;
    this.state = state;
    this.expected = Set.copyOf(expected);
  }

  /** The job. */
  public JobId jobId() {
    return jobId;
  }

  /** The state the job is in. */
  public JobState state() {
    return state;
  }

  /** The states the call needs the job in. */
  public Set<JobState> expected() {
    return expected;
  }

  private static String lowerCase(JobState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
