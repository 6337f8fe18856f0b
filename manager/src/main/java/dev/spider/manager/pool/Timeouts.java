package dev.spider.manager.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long one execution may take. At the soft timeout the executor is sent an Interrupt (a Java
 * task that honours interruption then ends as {@code Interrupted}); at the hard timeout the
 * executor's whole process group is killed and the outcome is {@link Outcome.Timeout}
 * (docs/process-pool.md). Immutable.
 *
 * @param hard positive
 * @param soft when present, positive and less than {@code hard}
 */
public record Timeouts(Duration hard, Optional<Duration> soft) {

  public Timeouts {
    Objects.requireNonNull(hard, "hard");
    Objects.requireNonNull(soft, "soft");
    if (hard.isNegative() || hard.isZero()) {
      throw new IllegalArgumentException("hard timeout must be positive, got " + hard);
    }
    soft.ifPresent(
        s -> {
          if (s.isNegative() || s.isZero() || s.compareTo(hard) >= 0) {
            throw new IllegalArgumentException(
                "soft timeout must be positive and below the hard timeout " + hard + ", got " + s);
          }
        });
  }

  public static Timeouts hard(Duration hard) {
    return new Timeouts(hard, Optional.empty());
  }

  public static Timeouts of(Duration soft, Duration hard) {
    return new Timeouts(hard, Optional.of(soft));
  }
}
