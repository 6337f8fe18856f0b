package dev.spider.cli.embedded;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waits for what another thread brings about, each failing the test after {@link
 * #DEADLINE}: generous, so a slow machine does not fail a correct test, yet bounded, so a broken
 * one fails instead of hanging. Stateless.
 */
final class Waits {

  /** How long any wait of a test may take. */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** The longest pause between two looks at a thread's state. */
  private static final long MAX_PAUSE_MILLIS = 64;

  private Waits() {}

  /**
   * The value of {@code future}, blocking until it completes.
   *
   * @param what what the future stands for, for the failure message
   * @throws ExecutionException when the computation threw
   */
  static <T> T get(Future<T> future, String what) throws ExecutionException, InterruptedException {
    try {
      return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return fail("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what, e);
    }
  }

  /**
   * Until {@code thread} is parked in a timed wait, e.g. a long poll waiting for a task. A thread's
   * state has no notification to block on, so this looks at it, joining the thread in between
   * (which returns early should the thread end instead) with pauses doubling from 1 ms to {@value
   * #MAX_PAUSE_MILLIS} ms.
   */
  static void untilParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long pause = 1;
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.TIMED_WAITING) {
        return;
      }
      if (state == Thread.State.NEW || state == Thread.State.TERMINATED) {
        fail(thread.getName() + " is " + state + ", so it will never park");
      }
      if (System.nanoTime() - deadline > 0) {
        fail(
            "timed out after "
                + DEADLINE.toSeconds()
                + " s waiting for "
                + thread.getName()
                + " to park; it is "
                + state);
      }
      thread.join(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }
}
