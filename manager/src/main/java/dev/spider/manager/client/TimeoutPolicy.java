package dev.spider.manager.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a task instance may run. At the soft timeout, if there is one, the manager interrupts a
 * Java task (Interrupt request); at the hard timeout it kills the executor's process group and
 * reports a timeout.
 *
 * <p>Invariants, checked on construction: the hard timeout is positive; the soft timeout, when
 * present, is positive and not after the hard one (equal is allowed: the interrupt and the kill are
 * then due together). "No soft timeout" is {@link Optional#empty()}, never a zero duration.
 *
 * @param soft when to interrupt a Java task, measured from the start of the execution
 * @param hard when to kill the task, measured from the start of the execution
 */
public record TimeoutPolicy(Optional<Duration> soft, Duration hard) {

  /**
   * @throws IllegalArgumentException when {@code hard} is zero or negative, or {@code soft} is
   *     present and zero, negative or longer than {@code hard}
   */
  public TimeoutPolicy {
    Objects.requireNonNull(soft, "soft");
    Objects.requireNonNull(hard, "hard");
    if (hard.isZero() || hard.isNegative()) {
      throw new IllegalArgumentException("hard timeout must be positive, got " + hard);
    }
    if (soft.isPresent()) {
      Duration s = soft.get();
      if (s.isZero() || s.isNegative()) {
        throw new IllegalArgumentException(
            "soft timeout must be positive (omit it for none), got " + s);
      }
      if (s.compareTo(hard) > 0) {
        throw new IllegalArgumentException(
            "soft timeout " + s + " is longer than the hard timeout " + hard);
      }
    }
  }

  /** A policy with both timeouts; see the class invariants. */
  public static TimeoutPolicy of(Duration soft, Duration hard) {
    return new TimeoutPolicy(Optional.of(soft), hard);
  }

  /** A policy with a hard timeout only: the task is never interrupted, only killed. */
  public static TimeoutPolicy hardOnly(Duration hard) {
    return new TimeoutPolicy(Optional.empty(), hard);
  }
}
