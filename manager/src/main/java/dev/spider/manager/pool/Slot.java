package dev.spider.manager.pool;

import java.time.Duration;
import java.util.Optional;

/**
 * A place for one executor in the pool. Its executor changes on every replacement; the slot is in
 * the pool's idle queue only while its executor is READY. It also counts its failed starts in a
 * row, which set the backoff before the next attempt (100 ms doubling to 30 s,
 * docs/process-pool.md) and tell the pool when no executor can start at all.
 *
 * <p>Thread-safety: written by whichever thread owns the slot at the time (a caller, or a spawner
 * thread replacing its executor), one at a time; read by any. Fields are volatile, and ownership
 * passes through the idle queue or the spawner's task hand-off.
 */
final class Slot {

  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Past this many doublings the backoff is at its maximum anyway; stops the shift overflowing. */
  private static final int MAX_DOUBLINGS = 20;

  private final int index;
  private volatile Optional<ExecutorHandle> executor = Optional.empty();
  private volatile int consecutiveFailures;
  private volatile String lastFailure = "none";

  Slot(int index) {
    this.index = index;
  }

  int index() {
    return index;
  }

  /** The slot's executor, live or not; empty until the first one was spawned. */
  Optional<ExecutorHandle> executor() {
    return executor;
  }

  /**
   * The executor of a slot taken from the idle queue.
   *
   * @throws IllegalStateException if no executor was ever spawned into it, which the idle queue
   *     rules out (a bug of the pool)
   */
  ExecutorHandle current() {
    return executor.orElseThrow(
        () -> new IllegalStateException("slot " + index + " was handed out without an executor"));
  }

  void install(ExecutorHandle handle) {
    executor = Optional.of(handle);
  }

  /** Its executor said a valid Hello: the failures in a row are over. */
  void recordStart() {
    consecutiveFailures = 0;
  }

  /** Counts a failed start; returns how long to wait before the next attempt. */
  Duration recordFailure(StartupFailure failure) {
    int failures = consecutiveFailures + 1;
    consecutiveFailures = failures;
    lastFailure =
        failure.report().summary() + "; last stderr lines: " + failure.report().stderrTail();
    long millis =
        Math.min(
            MAX_BACKOFF.toMillis(),
            MIN_BACKOFF.toMillis() << Math.min(MAX_DOUBLINGS, failures - 1));
    return Duration.ofMillis(millis);
  }

  /** Whether its last start failed and no executor has started since. */
  boolean isFailing() {
    return consecutiveFailures > 0;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** The last failed start's summary and stderr tail, or {@code "none"}. */
  String lastFailure() {
    return lastFailure;
  }
}
