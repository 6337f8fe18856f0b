package dev.spider.manager.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one blocking wait on an executor's stdout — a Hello or the Result of one request
 * — armed on the {@link DeadlineTimer} before the wait and cancelled after it
 * (docs/process-pool.md, "Waiting for a Result").
 *
 * <p>The waiting thread blocks in a read that neither a deadline nor {@link Thread#interrupt} can
 * end. What ends it is the end of the executor's stdout, so every action here that gives up on the
 * wait kills the executor's process group: at the hard deadline, and when the waiting thread is
 * found interrupted (checked every {@link #INTERRUPT_CHECK}, since an interrupt cannot wake a
 * blocked read). At the soft deadline, if any, the {@link Actions#soft} action runs instead. Each
 * action is the caller's and decides for itself, through the executor's lifecycle, whether the wait
 * is still on: an action that loses the race with the Result is a no-op.
 *
 * <p>Thread-safe: {@link #close} may race with the timer's actions.
 */
final class WaitDeadlines implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WaitDeadlines.class);

  /** How often the timer looks whether the waiting thread was interrupted. */
  static final Duration INTERRUPT_CHECK = Duration.ofMillis(50);

  /** How long after the hard deadline's kill a wait that has not ended is reported as stuck. */
  static final Duration STUCK_AFTER_KILL = Duration.ofSeconds(5);

  /** What to do when a deadline passes; each runs on the timer thread and must not block. */
  interface Actions {
    /** The soft deadline passed: ask the executor to interrupt the task. */
    void soft();

    /** The hard deadline passed: kill the executor's process group, if the wait is still on. */
    void hard();

    /** The waiting thread was interrupted: kill the process group, if the wait is still on. */
    void abandoned();

    /** The wait outlived a kill by {@link #STUCK_AFTER_KILL}: kill whatever can still be found. */
    void stuck();
  }

  private final DeadlineTimer timer;
  private final Thread waiter;
  private final String what;
  private final Actions actions;
  // Guarded by this: the deadline entries, the pending interrupt check, whether close() ran.
  private final List<DeadlineTimer.Entry> deadlines = new ArrayList<>(2);
  private Optional<DeadlineTimer.Entry> check = Optional.empty();
  private boolean closed;

  private WaitDeadlines(DeadlineTimer timer, Thread waiter, String what, Actions actions) {
    this.timer = timer;
    this.waiter = waiter;
    this.what = what;
    this.actions = actions;
  }

  /**
   * Arms the deadlines of a wait by the current thread, counted from now.
   *
   * @param what names the wait in logs, e.g. {@code "executor-3 seq 7"}
   */
  static WaitDeadlines arm(
      DeadlineTimer timer, String what, Duration hard, Optional<Duration> soft, Actions actions) {
    WaitDeadlines deadlines =
        new WaitDeadlines(
            Objects.requireNonNull(timer, "timer"),
            Thread.currentThread(),
            Objects.requireNonNull(what, "what"),
            Objects.requireNonNull(actions, "actions"));
    synchronized (deadlines) {
      deadlines.deadlines.add(timer.schedule(hard, "hard deadline of " + what, deadlines::hard));
      soft.ifPresent(
          s ->
              deadlines.deadlines.add(
                  timer.schedule(s, "soft deadline of " + what, actions::soft)));
      deadlines.scheduleCheck();
    }
    return deadlines;
  }

  // Called holding this.
  private void scheduleCheck() {
    check = Optional.of(timer.schedule(INTERRUPT_CHECK, "interrupt check of " + what, this::check));
  }

  private void hard() {
    actions.hard();
    watchForStuck();
  }

  // After a kill that should end the wait: make sure it did.
  private void watchForStuck() {
    synchronized (this) {
      if (!closed) {
        deadlines.add(timer.schedule(STUCK_AFTER_KILL, "stuck check of " + what, this::stuck));
      }
    }
  }

  /**
   * The wait outlived the kill of the process group: only a process that left the group (and is no
   * descendant of the executor any more) can still hold the protocol pipe. Nothing can end a
   * blocked read but the pipe's end, so say loudly what is stuck, and kill again what can be found.
   */
  private void stuck() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    log.error(
        "{}: still waiting on the executor's stdout {} after the hard deadline's kill; a process"
            + " outside its process group holds the protocol pipe",
        what,
        STUCK_AFTER_KILL);
    actions.stuck();
  }

  private void check() {
    if (waiter.isInterrupted()) {
      actions.abandoned();
      watchForStuck();
      return;
    }
    synchronized (this) {
      if (!closed) {
        scheduleCheck();
      }
    }
  }

  /** Cancels whatever has not run yet. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    deadlines.forEach(DeadlineTimer.Entry::cancel);
    check.ifPresent(DeadlineTimer.Entry::cancel);
  }
}
