package dev.spider.manager.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link HeartbeatTimer} driven by the test: nothing runs until {@link #advance} moves the clock,
 * and then due actions run on the test's thread, in due order. An action may move the clock itself
 * ({@link #pass}) to play a call that hangs.
 */
final class ManualTimer implements HeartbeatTimer {

  private static final class Entry implements Scheduled {
    final long due;
    final long order;
    final Runnable action;
    boolean cancelled;

    Entry(long due, long order, Runnable action) {
      this.due = due;
      this.order = order;
      this.action = action;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final List<Entry> pending = new ArrayList<>();
  private long now;
  private long order;
  private boolean closed;

  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    if (closed) {
      return () -> {};
    }
    Entry entry = new Entry(now + delay.toNanos(), order++, action);
    pending.add(entry);
    return entry;
  }

  @Override
  public void close() {
    closed = true;
    pending.clear();
  }

  boolean isClosed() {
    return closed;
  }

  /** Moves the clock by {@code by}, running every action that falls due meanwhile. */
  void advance(Duration by) {
    long target = now + by.toNanos();
    while (true) {
      Optional<Entry> due =
          pending.stream()
              .filter(e -> !e.cancelled && e.due <= Math.max(target, now))
              .min(Comparator.<Entry>comparingLong(e -> e.due).thenComparingLong(e -> e.order));
      if (due.isEmpty()) {
        break;
      }
      pending.remove(due.get());
      now = Math.max(now, due.get().due);
      due.get().action.run();
    }
    now = Math.max(now, target);
  }

  /** Runs what is due now (delay zero). */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock without running anything: time spent inside a running action. */
  void pass(Duration by) {
    now += by.toNanos();
  }

  /** Actions scheduled and neither run nor cancelled. */
  long pendingCount() {
    return pending.stream().filter(e -> !e.cancelled).count();
  }
}
