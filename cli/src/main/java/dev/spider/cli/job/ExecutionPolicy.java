package dev.spider.cli.job;

import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TimeoutPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How one task of a job may run: its timeouts, and how many times an {@linkplain
 * FailureClass#ENVIRONMENTAL environmental} failure is retried. A {@linkplain
 * FailureClass#DETERMINISTIC deterministic} failure is never retried, whatever the budget.
 *
 * <p>Immutable.
 *
 * @param timeouts the soft (optional) and hard timeout of each attempt
 * @param maxRetries how many more attempts after an environmental failure: the task fails for good
 *     at its {@code maxRetries + 1}-th environmental failure
 */
public record ExecutionPolicy(TimeoutPolicy timeouts, int maxRetries) {

  /** The hard timeout when a job does not give one. */
  public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofSeconds(60);

  /** A hard timeout of {@link #DEFAULT_HARD_TIMEOUT}, no soft timeout, no retries. */
  public static final ExecutionPolicy DEFAULT =
      new ExecutionPolicy(TimeoutPolicy.hardOnly(DEFAULT_HARD_TIMEOUT), 0);

  /**
   * @throws IllegalArgumentException when {@code maxRetries} is negative
   */
  public ExecutionPolicy {
    Objects.requireNonNull(timeouts, "timeouts");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
  }

  /** This policy with another retry budget. */
  public ExecutionPolicy withMaxRetries(int retries) {
    return new ExecutionPolicy(timeouts, retries);
  }

  /** This policy with other timeouts. */
  public ExecutionPolicy withTimeouts(TimeoutPolicy policy) {
    return new ExecutionPolicy(policy, maxRetries);
  }
}
