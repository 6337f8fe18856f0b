package dev.spider.tests;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls for a state that has no event to wait on (a pool's live executors, a thread's state, a
 * process gone), always against a deadline: from 0.1 ms, the pause doubles up to {@link
 * #MAX_PAUSE}, so a quick change is seen quickly and a slow one costs little CPU. Stateless.
 */
public final class Poll {

  private static final Duration MAX_PAUSE = Duration.ofMillis(10);

  private Poll() {}

  /** Whether {@code condition} holds within {@code within}. */
  public static boolean within(BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 100_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE.toNanos());
    }
    return true;
  }

  /**
   * The first value of {@code value} that is {@code done}, within {@code within}.
   *
   * @throws AssertionError with {@code failure} of the last value when none was done in time
   */
  public static <T> T until(
      Supplier<T> value, Predicate<T> done, Duration within, Function<T, String> failure) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 100_000L;
    T now;
    while (!done.test(now = value.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.apply(now));
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE.toNanos());
    }
    return now;
  }
}
