package dev.spider.cli.embedded;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition another thread brings about: the test thread re-checks the
 * condition every millisecond (parked, so it leaves the CPU to the threads under test) and fails
 * after a generous deadline.
 */
final class Waits {

  private static final long DEADLINE_NANOS = 10_000_000_000L;

  private Waits() {}

  static void until(String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > DEADLINE_NANOS) {
        fail("timed out after 10 s waiting until " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // re-check every millisecond
    }
  }

  /** Until the thread is parked in a timed condition wait, e.g. a long poll. */
  static void untilParked(Supplier<Thread> thread) {
    until(
        "the waiting thread is parked",
        () -> thread.get() != null && thread.get().getState() == Thread.State.TIMED_WAITING);
  }
}
