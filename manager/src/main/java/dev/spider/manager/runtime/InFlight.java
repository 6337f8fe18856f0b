package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionManagerId;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task instances in flight, at most one per runner slot.
 *
 * <p><b>Threads.</b> Only the loop thread {@linkplain #add adds} (after {@link #awaitFreeSlot} said
 * there is room, so check-then-add cannot race); task threads {@linkplain #remove remove}; the
 * liveness heartbeat {@linkplain #voidRunsUnder voids}; the shutdown sequence waits for it to
 * empty. Thread-safe.
 *
 * <p><b>Locks.</b> One lock with one condition, signalled on every change. No other lock is taken
 * while it is held, except that {@link #awaitEmpty} reads its deadline supplier under it (the
 * supplier must not lock: {@code StopControl} hands it a volatile read).
 */
final class InFlight {

  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<TaskRun> runs = new LinkedHashSet<>();

  InFlight(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "the task runner must have at least 1 slot, got " + capacity);
    }
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  int size() {
    lock.lock();
    try {
      return runs.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code max} for a free slot.
   *
   * @return whether a slot is free
   */
  boolean awaitFreeSlot(Duration max) throws InterruptedException {
    long left = max.toNanos();
    lock.lock();
    try {
      while (runs.size() >= capacity) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * @throws IllegalStateException when every slot is taken (a bug of the loop)
   */
  void add(TaskRun run) {
    lock.lock();
    try {
      if (runs.size() >= capacity) {
        throw new IllegalStateException(
            "all " + capacity + " slots are taken; cannot start " + run);
      }
      runs.add(run);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void remove(TaskRun run) {
    lock.lock();
    try {
      runs.remove(run);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  List<TaskRun> snapshot() {
    lock.lock();
    try {
      return List.copyOf(runs);
    } finally {
      lock.unlock();
    }
  }

  List<TaskRun> runningUnder(ExecutionManagerId emId) {
    return snapshot().stream().filter(run -> run.emId().equals(emId)).toList();
  }

  /**
   * Voids the runs registered under {@code lost}, which storage declared dead: each is settled as
   * {@link TaskRun.Settlement#VOIDED} unless already settled (so it is never reported; storage
   * would refuse it) and cancelled. Called by the liveness heartbeat through {@link Membership}'s
   * callback, outside this lock.
   */
  void voidRunsUnder(ExecutionManagerId lost) {
    for (TaskRun run : runningUnder(lost)) {
      if (run.settle(TaskRun.Settlement.VOIDED)) {
        log.warn("stopping {} unreported: storage voided execution manager {}", run, lost);
      }
      run.cancel();
    }
  }

  /**
   * Waits until nothing is in flight or {@code deadlineNanos} (a {@link System#nanoTime()} value
   * read again after every wake-up, so it may move) has passed.
   *
   * @return whether nothing is in flight
   */
  boolean awaitEmpty(LongSupplier deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (!runs.isEmpty()) {
        long left = deadlineNanos.getAsLong() - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #awaitEmpty} waiters so they re-read their deadline. */
  void wakeWaiters() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
