package dev.spider.manager.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: {@code initial}, then doubling, never above {@code max}.
 *
 * @param initial the delay after the first failure; positive
 * @param max the largest delay; at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {

  /**
   * @throws IllegalArgumentException when {@code initial} is not positive or {@code max} is below
   *     it
   */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isZero() || initial.isNegative()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "maximum backoff " + max + " is below the initial backoff " + initial);
    }
  }

  /**
   * The delay after {@code failures} consecutive failures: {@code initial * 2^(failures - 1)},
   * capped at {@code max}.
   *
   * @throws IllegalArgumentException when {@code failures} is below 1
   */
  public Duration delayAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    Duration delay = initial;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
