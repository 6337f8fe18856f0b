package dev.spider.executor.runtime;

/**
 * Which request the task thread is running, so the stdin thread can interrupt exactly that one.
 *
 * <p>Invariant: the task thread is interrupted only between {@link #begin} and {@link #end} of the
 * request named, and its interrupt status is cleared at both ends, so an Interrupt that arrives
 * late never leaks into the next task. Thread-safe: all state under this object's lock.
 */
final class RunningTask {

  private Thread thread;
  private long seq;
  private boolean active;
  private boolean interruptReached;

  /** Called by the task thread before it starts request {@code seq}. */
  synchronized void begin(long seq) {
    this.thread = Thread.currentThread();
    this.seq = seq;
    this.active = true;
    this.interruptReached = false;
    Thread.interrupted();
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

  /** Interrupts request {@code seq} if it is the one running; otherwise does nothing. */
  synchronized boolean interrupt(long seq) {
    if (active && this.seq == seq) {
      interruptReached = true;
      thread.interrupt();
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
