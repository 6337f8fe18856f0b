package dev.spider.executor.runtime;

import java.util.HashSet;
import java.util.Set;

/**
 * Which request is running, so the reading thread can interrupt exactly that one.
 *
 * <p>Invariant: a request thread is interrupted only between {@link #begin} and {@link #end} of the
 * request named, and its interrupt status is cleared at both ends, so an Interrupt that arrives
 * late never leaks into the next task. An Interrupt for a request that was read ({@link #accept})
 * but has not begun — it arrived right behind its Execute, or the request waits behind another — is
 * kept and delivered by {@link #begin}, so it is never lost. Thread-safe: all state under this
 * object's lock.
 */
final class RunningTask {

  /** Requests read but not begun; at most the requests queued behind the running one. */
  private final Set<Long> waiting = new HashSet<>();

  /** The members of {@link #waiting} an Interrupt already named. */
  private final Set<Long> interruptedWhileWaiting = new HashSet<>();

  private Thread thread;
  private long seq;
  private boolean active;
  private boolean interruptReached;

  /**
   * Called by the reading thread for a request that will run: from now on it can be interrupted.
   */
  synchronized void accept(long seq) {
    waiting.add(seq);
  }

  /** Called by the request's thread before it starts request {@code seq}. */
  synchronized void begin(long seq) {
    this.thread = Thread.currentThread();
    this.seq = seq;
    this.active = true;
    this.interruptReached = false;
    Thread.interrupted();
    waiting.remove(seq);
    if (interruptedWhileWaiting.remove(seq)) {
      interruptReached = true;
      thread.interrupt();
    }
  }

  /**
   * Called by the task thread when request {@code seq} is over.
   *
   * @return whether an Interrupt (or Shutdown) reached the task while it ran
   */
  synchronized boolean end() {
    active = false;
    thread = null;
    Thread.interrupted();
    return interruptReached;
  }

  /** Whether an Interrupt reached the running request so far. */
  synchronized boolean interruptReached() {
    return interruptReached;
  }

  /**
   * Interrupts request {@code seq} if it is running, or marks it to be interrupted as it begins if
   * it was read and has not begun; otherwise (it is over, or unknown) does nothing.
   */
  synchronized boolean interrupt(long seq) {
    if (active && this.seq == seq) {
      interruptReached = true;
      thread.interrupt();
      return true;
    }
    if (waiting.contains(seq)) {
      interruptedWhileWaiting.add(seq);
      return true;
    }
    return false;
  }

  /** Interrupts whatever request is running (Shutdown). */
  synchronized boolean interruptAny() {
    if (active) {
      interruptReached = true;
      thread.interrupt();
      return true;
    }
    return false;
  }
}
