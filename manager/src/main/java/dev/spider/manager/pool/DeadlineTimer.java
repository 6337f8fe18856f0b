package dev.spider.manager.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock behind every wait on an executor's stdout (docs/process-pool.md, "Waiting for a
 * Result"): one named daemon thread that runs short actions at their instants — an Interrupt handed
 * off at the soft deadline, the process-group kill at the hard deadline, a check that the waiting
 * caller was not interrupted.
 *
 * <p>Why not a {@code ScheduledExecutorService}: it wakes its thread whenever a new task becomes
 * the earliest, which with one executor is every request — one more thread wake-up per round trip,
 * the very cost the caller-reads-its-own-Result design removes. Here adding an entry wakes the
 * thread only when the entry is due before the thread would wake anyway, and cancelling never does,
 * so a stream of requests whose entries are added and cancelled costs about one wake-up per check
 * period, not one per request. Entries are few (a handful per executor), so cancelling is a linear
 * removal.
 *
 * <p>The thread ({@code executor-deadlines} for the shared timer) starts with the first entry and
 * ends after {@link #linger} without entries, so an idle manager keeps no thread for it. Actions
 * run one after another on it: they must be short and must not block (a state check, a kill, a
 * hand-off to another thread). One that throws is logged, and the thread carries on.
 *
 * <p>Thread-safe: all state is guarded by one lock, never held while an action runs.
 */
final class DeadlineTimer {

  private static final Logger log = LoggerFactory.getLogger(DeadlineTimer.class);

  private static final DeadlineTimer SHARED =
      new DeadlineTimer("executor-deadlines", Duration.ofSeconds(5));

  /** An action due at an instant of {@link System#nanoTime()}; cancel it when it is not needed. */
  final class Entry {
    private final long at;
    private final long order;
    private final String what;
    private final Runnable action;

    private Entry(long at, long order, String what, Runnable action) {
      this.at = at;
      this.order = order;
      this.what = what;
      this.action = action;
    }

    /** Removes the entry; false when it already ran or is running (or was cancelled). */
    boolean cancel() {
      lock.lock();
      try {
        return entries.remove(this);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return what;
    }
  }

  private final String threadName;
  private final long lingerNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock. Ordered by instant, then by scheduling order (nanoTime may repeat).
  private final PriorityQueue<Entry> entries =
      new PriorityQueue<>(
          // nanoTime instants compare by their difference, which survives the counter's wrap.
          (a, b) -> a.at != b.at ? Long.signum(a.at - b.at) : Long.compare(a.order, b.order));
  private long scheduled;
  private boolean running;
  private boolean sleeping;
  private long wakeAt;

  DeadlineTimer(String threadName, Duration linger) {
    this.threadName = Objects.requireNonNull(threadName, "threadName");
    this.lingerNanos = linger.toNanos();
  }

  /** The timer all executor handles of this JVM share. */
  static DeadlineTimer shared() {
    return SHARED;
  }

  /**
   * Runs {@code action} on the timer's thread once {@code delay} has passed, unless the entry is
   * cancelled first.
   *
   * @param what names the action in logs, e.g. {@code "hard deadline of executor-3 seq 7"}
   */
  Entry schedule(Duration delay, String what, Runnable action) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(action, "action");
    long now = System.nanoTime();
    // Saturate: a deadline beyond about 146 years is no deadline, and must not wrap.
    long at = now + Math.min(Math.max(0, delay.toNanos()), Long.MAX_VALUE / 4);
    lock.lock();
    try {
      Entry entry = new Entry(at, scheduled++, what, action);
      entries.add(entry);
      if (!running) {
        start();
      } else if (sleeping && at - wakeAt < 0) {
        changed.signal();
      }
      return entry;
    } finally {
      lock.unlock();
    }
  }

  /** Entries not yet run or cancelled, for tests. */
  int pending() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  // Called with the lock held.
  private void start() {
    Thread thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread
        .start(); // may throw (a thread limit): then no thread runs, and the next schedule retries
    running = true;
  }

  private void run() {
    lock.lock();
    try {
      while (true) {
        Entry first = entries.peek();
        long now = System.nanoTime();
        if (first == null) {
          if (sleepUntil(now + lingerNanos, now) <= 0 && entries.isEmpty()) {
            return; // idle for the whole linger: the next schedule starts a new thread
          }
        } else if (first.at - now <= 0) {
          entries.poll();
          lock.unlock();
          try {
            runAction(first);
          } finally {
            lock.lock();
          }
        } else {
          sleepUntil(first.at, now);
        }
      }
    } catch (InterruptedException e) {
      // Nobody interrupts this thread; if something does, end it: the next schedule restarts it.
      log.warn("{} interrupted; it restarts with the next deadline", threadName);
    } finally {
      running = false;
      sleeping = false;
      if (!entries.isEmpty()) {
        start(); // entries must never wait for a next schedule
      }
      lock.unlock();
    }
  }

  /** Waits (lock held) until {@code until}, or a signal; returns the nanoseconds left. */
  private long sleepUntil(long until, long now) throws InterruptedException {
    wakeAt = until;
    sleeping = true;
    try {
      return changed.awaitNanos(until - now);
    } finally {
      sleeping = false;
    }
  }

  private static void runAction(Entry entry) {
    try {
      entry.action.run();
    } catch (RuntimeException | Error e) {
      // The thread serves every executor: one failed action must not stop the others' deadlines.
      log.error("deadline action '{}' failed", entry.what, e);
    }
  }

  @Override
  public String toString() {
    return threadName
        + " ("
        + pending()
        + " pending, linger "
        + TimeUnit.NANOSECONDS.toMillis(lingerNanos)
        + " ms)";
  }
}
