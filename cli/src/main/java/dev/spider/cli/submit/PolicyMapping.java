package dev.spider.cli.submit;

import dev.spider.cli.graph.GraphExecutionPolicy;
import dev.spider.cli.graph.GraphTimeoutPolicy;
import dev.spider.cli.job.ExecutionPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * A job-file task's policy as upstream's {@code execution_policy}, within upstream's timeout rules
 * (soft &ge; 100 ms, hard &gt; soft, hard &le; 24 h; {@link GraphTimeoutPolicy}):
 *
 * <ul>
 *   <li>{@code hard_timeout_seconds} &rarr; {@code hard_timeout_ms}, in whole milliseconds;
 *   <li>{@code soft_timeout_seconds} &rarr; {@code soft_timeout_ms}, which must then be at least
 *       100 ms and below the hard timeout; without one, {@code soft_timeout_ms = hard_timeout_ms -
 *       1}: upstream requires a soft timeout, and the latest one it allows changes nothing before
 *       the hard timeout (storage starts a speculative instance at the soft timeout, a Java worker
 *       interrupts there only when its operator opted in);
 *   <li>{@code max_retries} &rarr; {@code max_num_retry}; upstream retries every failure within it,
 *       deterministic ones too;
 *   <li>{@code max_num_instances} 1, upstream's default.
 * </ul>
 *
 * <p>Stateless.
 */
final class PolicyMapping {

  /** The smallest hard timeout that leaves room for upstream's smallest soft timeout. */
  private static final long MIN_HARD_MS = GraphTimeoutPolicy.MIN_SOFT_TIMEOUT_MS + 1;

  private PolicyMapping() {}

  /**
   * @param job the job's name, for the refusal
   * @param what the task, for messages, e.g. {@code "task 'sum'"}
   * @throws UnsupportedJobException when the timeouts break upstream's rules, saying which to
   *     change
   */
  static GraphExecutionPolicy toUpstream(ExecutionPolicy policy, String job, String what)
      throws UnsupportedJobException {
    long hard = policy.timeouts().hard().toMillis();
    if (hard > GraphTimeoutPolicy.MAX_HARD_TIMEOUT_MS) {
      throw new UnsupportedJobException(
          job,
          what
              + " has hard_timeout_seconds "
              + seconds(policy.timeouts().hard())
              + ", above upstream's maximum of 86400 (24 h); lower it");
    }
    Optional<Duration> softTimeout = policy.timeouts().soft();
    long soft;
    if (softTimeout.isPresent()) {
      soft = softTimeout.get().toMillis();
      if (soft < GraphTimeoutPolicy.MIN_SOFT_TIMEOUT_MS) {
        throw new UnsupportedJobException(
            job,
            what
                + " has soft_timeout_seconds "
                + seconds(softTimeout.get())
                + ", below upstream's minimum of 0.1; raise it or remove it");
      }
      if (soft >= hard) {
        throw new UnsupportedJobException(
            job,
            what
                + " has soft_timeout_seconds "
                + seconds(softTimeout.get())
                + " and hard_timeout_seconds "
                + seconds(policy.timeouts().hard())
                + ": upstream needs the soft timeout strictly below the hard one (in whole"
                + " milliseconds); lower soft_timeout_seconds or remove it");
      }
    } else {
      if (hard < MIN_HARD_MS) {
        throw new UnsupportedJobException(
            job,
            what
                + " has hard_timeout_seconds "
                + seconds(policy.timeouts().hard())
                + ", below upstream's minimum of 0.101 (its soft timeout must be at least 0.1 s"
                + " and below the hard one); raise it");
      }
      soft = hard - 1;
    }
    return new GraphExecutionPolicy(
        policy.maxRetries(),
        GraphExecutionPolicy.DEFAULT_MAX_NUM_INSTANCES,
        new GraphTimeoutPolicy(soft, hard));
  }

  /** A duration as a job file writes it, e.g. {@code 1.5}. */
  private static String seconds(Duration d) {
    return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
  }
}
