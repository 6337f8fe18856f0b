package dev.spider.manager.runtime;

import dev.spider.manager.runtime.ExecutionManager.State;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution manager's lifecycle and its stop signal: the state ({@code RUNNING → STOPPING →
 * TERMINATED}), the shutdown grace and its deadline, the first error that stopped the loop, and the
 * termination future. The package documentation says what each state means.
 *
 * <p><b>Invariants.</b> The state only moves forward. The grace is set when the state leaves {@code
 * RUNNING}; afterwards a stop request may move its deadline earlier, never later. The first error
 * recorded is the one the termination carries. The termination future completes once, when the
 * state becomes {@code TERMINATED}.
 *
 * <p><b>Threads.</b> Stop requests come from any thread: callers of {@code shutdown}, the loop
 * thread when it ends or fails, task threads when the runner fails. Only the loop thread enters the
 * waits a stop interrupts ({@link #enterWait}, {@link #pause}); a stop interrupts the thread that
 * is in such a wait, so an interrupt never reaches a thread that is not waiting for it.
 *
 * <p><b>Locks.</b> One monitor guards the state. It is a leaf: nothing outside this class is called
 * while it is held (the log lines and {@link InFlight#wakeWaiters} come after it is released), so
 * it cannot deadlock with the locks of {@link InFlight} or {@link Membership}. The deadline is also
 * published through a volatile field so that {@link InFlight#awaitEmpty}, which holds InFlight's
 * lock, reads it without taking this one.
 */
final class StopControl {

  private static final Logger log = LoggerFactory.getLogger(StopControl.class);

  private final Duration defaultGrace;
  private final Membership membership;
  private final InFlight inFlight;
  private final CompletableFuture<Termination> termination = new CompletableFuture<>();

  private final Object lock = new Object();
  // Guarded by lock.
  private State state = State.RUNNING;
  private Duration grace = Duration.ZERO; // meaningful once the state left RUNNING
  private Optional<Thread> waiter = Optional.empty(); // the loop thread, while in a stoppable wait
  private Optional<ExecutionManagerException> failure = Optional.empty();
  // Written under lock; read without it while waiting on InFlight's lock (see the class comment).
  private volatile long deadlineNanos;

  /**
   * @param defaultGrace the grace of a stop caused by an error or an outside interrupt
   * @param membership named in the log lines
   * @param inFlight counted in the log lines, and its waiters woken when the deadline moves
   */
  StopControl(Duration defaultGrace, Membership membership, InFlight inFlight) {
    this.defaultGrace = Objects.requireNonNull(defaultGrace, "defaultGrace");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
  }

  State state() {
    synchronized (lock) {
      return state;
    }
  }

  boolean stopping() {
    return state() != State.RUNNING;
  }

  /**
   * Stops with {@code grace}, or shortens the grace of a stop under way; does nothing after the
   * termination. Returns at once.
   */
  void requestStop(Duration grace) {
    request(grace, Optional.empty());
  }

  /** Stops with the default grace because of {@code error}, which the termination carries. */
  void fail(ExecutionManagerException error) {
    request(defaultGrace, Optional.of(error));
  }

  /**
   * Called by the loop thread when it was interrupted: by a stop, or else from outside, which is
   * taken as a shutdown request with the default grace.
   */
  void onLoopInterrupted() {
    if (!stopping()) {
      log.warn("the runtime loop thread was interrupted from outside; stopping as if shut down");
      requestStop(defaultGrace);
    }
  }

  private void request(Duration grace, Optional<ExecutionManagerException> cause) {
    boolean started;
    synchronized (lock) {
      if (state == State.TERMINATED) {
        return;
      }
      if (failure.isEmpty()) {
        failure = cause;
      }
      long deadline = System.nanoTime() + grace.toNanos();
      if (state == State.RUNNING) {
        started = true;
        state = State.STOPPING;
        this.grace = grace;
        deadlineNanos = deadline;
        waiter.ifPresent(Thread::interrupt);
        lock.notifyAll();
      } else if (deadline - deadlineNanos < 0) {
        started = false;
        this.grace = grace;
        deadlineNanos = deadline;
      } else {
        return;
      }
    }
    if (started) {
      log.info(
          "execution manager {} stopping{}: no more polling; {} running task(s) get {} to finish",
          membership.current().emId(),
          cause.isPresent() ? " after an error" : "",
          inFlight.size(),
          grace);
    } else {
      log.info("shutdown grace shortened: running tasks now get {} from now", grace);
    }
    inFlight.wakeWaiters(); // a shutdown sequence waiting for the tasks re-reads the deadline
  }

  /** The grace of the stop under way (zero while running). */
  Duration grace() {
    synchronized (lock) {
      return grace;
    }
  }

  /** The {@link System#nanoTime()} at which the grace of the stop under way passes. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * Enters a wait of the loop thread that a stop interrupts; pair it with {@link #leaveWait} in a
   * {@code finally}.
   *
   * @return false when already stopping: do not wait
   */
  boolean enterWait() {
    synchronized (lock) {
      if (state != State.RUNNING) {
        return false;
      }
      waiter = Optional.of(Thread.currentThread());
      return true;
    }
  }

  void leaveWait() {
    synchronized (lock) {
      waiter = Optional.empty();
      if (state != State.RUNNING) {
        Thread.interrupted(); // the stop's interrupt may have come after the wait ended
      }
    }
  }

  /**
   * Waits {@code delay} on the loop thread unless a stop comes first.
   *
   * @return false on a stop
   */
  boolean pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      synchronized (lock) {
        while (state == State.RUNNING) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        return false;
      }
    } catch (InterruptedException e) {
      onLoopInterrupted();
      return false;
    }
  }

  /** The termination the shutdown sequence ends with: failed if an error stopped the loop. */
  Termination terminationOf(Termination.Summary summary) {
    synchronized (lock) {
      return failure
          .<Termination>map(error -> new Termination.Failed(error, summary))
          .orElseGet(() -> new Termination.Stopped(summary));
    }
  }

  /** Enters {@code TERMINATED} and completes the termination future with {@code result}. */
  void terminate(Termination result) {
    synchronized (lock) {
      state = State.TERMINATED;
    }
    if (result instanceof Termination.Failed failed) {
      log.error(
          "execution manager {} terminated after an error: {} ({})",
          membership.current().emId(),
          failed.error().getMessage(),
          failed.summary());
    } else {
      log.info(
          "execution manager {} terminated: {}", membership.current().emId(), result.summary());
    }
    termination.complete(result);
  }

  /** A new dependent future of the termination; completing it does not affect this one. */
  CompletableFuture<Termination> termination() {
    return termination.copy();
  }

  /**
   * Waits up to {@code timeout} for the termination.
   *
   * @return whether it terminated
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      termination.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the termination future never fails, yet", e);
    }
  }
}
