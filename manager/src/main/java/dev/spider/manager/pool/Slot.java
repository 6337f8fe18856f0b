package dev.spider.manager.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A place for one executor in the pool. Its executor changes on every replacement; the slot is in
 * the pool's idle queue only while its executor is READY. It also counts its failed starts in a
 * row, which set the backoff before the next attempt ({@link Backoff}) and tell the pool when no
 * executor can start at all.
 *
 * <p>Thread-safety: written by whichever thread owns the slot at the time (a caller, or a spawner
 * thread replacing its executor), one at a time; read by any. Fields are volatile, and ownership
 * passes through the idle queue or the spawner's task hand-off.
 */
final class Slot {

  private final int index;
  private volatile Optional<ExecutorHandle> executor = Optional.empty();
  // The packages a spare loaded before it came here (none for an executor spawned into the slot):
  // the executor's own watch sees only the packages it ran tasks of.
  private volatile Optional<PackageWatch> preloaded = Optional.empty();
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

  /** An executor spawned into the slot. */
  void install(ExecutorHandle handle) {
    install(handle, Optional.empty());
  }

  /** An executor, with the packages it loaded before it came to the slot when it was a spare. */
  void install(ExecutorHandle handle, Optional<PackageWatch> preloadedPackages) {
    preloaded = preloadedPackages;
    executor = Optional.of(handle);
  }

  /**
   * What the recycling policy asks about the slot's executor: as the executor answers, except that
   * a package it loaded as a spare and that was redeployed since counts as redeployed too.
   */
  RecyclePolicy.Usage usage() {
    ExecutorHandle handle = current();
    Optional<PackageWatch> watch = preloaded;
    if (watch.isEmpty()) {
      return handle; // no wrapper on the common path
    }
    return new RecyclePolicy.Usage() {
      @Override
      public long tasksRun() {
        return handle.tasksRun();
      }

      @Override
      public OptionalLong residentBytes() {
        return handle.residentBytes();
      }

      @Override
      public Optional<String> redeployedPackage() {
        Optional<String> ran = handle.redeployedPackage();
        return ran.isPresent() ? ran : watch.flatMap(PackageWatch::changed);
      }
    };
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
    return Backoff.after(failures);
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
