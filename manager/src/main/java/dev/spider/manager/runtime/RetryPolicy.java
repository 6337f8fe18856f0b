package dev.spider.manager.runtime;

import java.util.Objects;

/**
 * How often a call that failed with a transport error is tried in all, and how long to wait between
 * attempts.
 *
 * @param maxAttempts attempts in all, the first included; at least 1
 * @param backoff the delay before each further attempt
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

  /**
   * @throws IllegalArgumentException when {@code maxAttempts} is below 1
   */
  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
    }
  }
}
