package dev.spider.executor.runtime;

import dev.spider.protocol.Request;
import dev.spider.protocol.process.ExitStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's request threads, leader/follower style (docs/architecture.md, "Threads"): the
 * thread that reads a request runs it, so no request waits for another thread to wake up. Before it
 * runs an Execute or Describe it hands the reading of stdin to a thread standing by, so Interrupt,
 * Shutdown and EOF still act at once while the task runs; when its Result is written it stands by
 * in turn. Interrupts and dropped frames never change the reading thread.
 *
 * <p>Invariants, all under {@link #lock}:
 *
 * <ul>
 *   <li>At most one request runs at a time ({@link #busy}); requests read while one runs wait in
 *       {@link #pending} and are run by the same thread after it, in arrival order; a Shutdown
 *       waits there behind them.
 *   <li>Whenever no request runs, a thread stands by ({@link #standby}): a reader always has a
 *       successor, so taking the lead over never creates a thread on the request's path.
 *   <li>A thread whose request failed is retired: a fresh thread takes over what it would have done
 *       next and it ends, so nothing a failed task left on it reaches a later request.
 *   <li>Every thread has a {@value #TASK_STACK_BYTES}-byte stack, which tasks need for deep
 *       recursion, and halts the executor if anything escapes it ({@link Exits#HALT_ON_UNCAUGHT}).
 * </ul>
 *
 * <p>Thread-safe.
 */
final class Crew {

  static final long TASK_STACK_BYTES = 64L << 20;

  private static final Logger log = LoggerFactory.getLogger(Crew.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final RequestReader reader;
  private final Work runner;
  private final Ending ending;
  private final long standbySpinNanos;
  private final Object lock = new Object();
  private final Deque<Received> pending = new ArrayDeque<>();
  private boolean busy;
  private Member standby;

  Crew(RequestReader reader, Work runner, Ending ending, long standbySpinNanos) {
    this.reader = reader;
    this.runner = runner;
    this.ending = ending;
    this.standbySpinNanos = standbySpinNanos;
  }

  /** Running requests: {@link RequestRunner}. */
  interface Work {
    /** Runs one request to its Result; false when the calling thread must be retired. */
    boolean run(Received received);

    /** Repairs after a request, once its Result is out. */
    void afterRequest();
  }

  /** How the crew ends the process; the executor's is {@link #halting}. */
  interface Ending {
    /** Stdin ended: the manager is gone. Does not return normally. */
    void endOfInput();

    /** Ends the process with {@code status}. Does not return normally. */
    void halt(ExitStatus status);

    /** What to do with a throwable that escaped a crew thread. */
    Thread.UncaughtExceptionHandler uncaught();

    /** The executor's ending: halts, and kills the process group at EOF. */
    static Ending halting(ProcessGroup group) {
      return new Ending() {
        @Override
        public void endOfInput() {
          group.endOfInput();
        }

        @Override
        public void halt(ExitStatus status) {
          Exits.halt(status);
        }

        @Override
        public Thread.UncaughtExceptionHandler uncaught() {
          return Exits.HALT_ON_UNCAUGHT;
        }
      };
    }
  }

  /** Starts the first reader and the first thread standing by. */
  void start() {
    Member second = new Member(this::standBy);
    synchronized (lock) {
      standby = second;
    }
    new Member(this::lead).start();
    second.start();
  }

  /** What a crew thread starts with. */
  private interface Start {
    void run(Member me);
  }

  private void lead(Member me) {
    serve(me, lead());
  }

  private void standBy(Member me) {
    serve(me, null);
  }

  private void carryOn(Member me) {
    serve(me, next(me));
  }

  /**
   * The life of a crew thread: runs {@code toRun} and what queued behind it, stands by, leads when
   * promoted, and again. Returns only when the thread is retired.
   */
  private void serve(Member me, Received toRun) {
    while (true) {
      if (toRun == null) {
        me.awaitPromotion(standbySpinNanos);
        toRun = lead();
      }
      while (toRun != null) {
        if (toRun.request() instanceof Request.Shutdown) {
          log.info("shutting down: no request is running; exiting with status 0");
          ending.halt(ExitStatus.ORDERLY);
        }
        boolean clean = runner.run(toRun);
        runner.afterRequest();
        if (!clean) {
          new Member(this::carryOn).start();
          return;
        }
        toRun = next(me);
      }
    }
  }

  /**
   * Reads stdin until there is a request for this thread to run, and returns it once another thread
   * leads. Never returns on EOF, an unreadable stream or an idle Shutdown: they halt.
   */
  private Received lead() {
    while (true) {
      Intake intake = reader.next();
      if (intake instanceof Intake.Run run) {
        if (claim(run.received())) {
          return run.received();
        }
      } else if (intake instanceof Intake.Shutdown shutdown) {
        synchronized (lock) {
          if (busy) {
            pending.add(shutdown.received()); // after the running and queued requests
            continue;
          }
        }
        log.info("shutting down: no request is running; exiting with status 0");
        ending.halt(ExitStatus.ORDERLY);
      } else if (intake instanceof Intake.End) {
        ending.endOfInput();
      } else if (intake instanceof Intake.Unreadable unreadable) {
        log.error(
            "{}; exiting with status {}", unreadable.reason(), ExitStatus.UNREADABLE_STREAM.code());
        ending.halt(ExitStatus.UNREADABLE_STREAM);
      }
    }
  }

  /**
   * Claims the right to run {@code received} now, handing the reading over to the thread standing
   * by; or, while a request runs, queues it behind and returns false.
   */
  private boolean claim(Received received) {
    Member successor;
    synchronized (lock) {
      if (busy) {
        pending.add(received);
        return false;
      }
      busy = true;
      successor = standby;
      standby = null;
    }
    if (successor == null) {
      // Not expected (see the invariants); a new reader keeps the executor serving regardless.
      log.warn("no thread was standing by; starting one to read stdin");
      new Member(this::standBy).promoteAndStart();
    } else {
      successor.promote();
    }
    return true;
  }

  /** The next queued request for {@code me} to run, or null once {@code me} stands by. */
  private Received next(Member me) {
    synchronized (lock) {
      Received queued = pending.poll();
      if (queued != null) {
        return queued;
      }
      busy = false;
      if (standby != null) {
        // A broken invariant is a bug: halting (via the uncaught handler) beats serving wrongly.
        throw new IllegalStateException(
            "two request threads standing by: " + standby.thread.getName() + " and " + me);
      }
      me.prepareToStandBy();
      standby = me;
      return null;
    }
  }

  /** One crew thread and its promotion flag. */
  private final class Member {
    private final Thread thread;
    private volatile boolean promoted;

    Member(Start start) {
      thread =
          new Thread(
              null,
              () -> start.run(this),
              "request-thread-" + THREADS.incrementAndGet(),
              TASK_STACK_BYTES);
      thread.setDaemon(false);
      thread.setUncaughtExceptionHandler(ending.uncaught());
    }

    void start() {
      thread.start();
    }

    void promoteAndStart() {
      promoted = true;
      thread.start();
    }

    void prepareToStandBy() {
      promoted = false;
    }

    /** Makes this thread the reader; its wake-up costs nothing while it still spins. */
    void promote() {
      promoted = true;
      LockSupport.unpark(thread);
    }

    /**
     * Waits to be promoted: spins up to {@code spinNanos} first (a request that follows its
     * predecessor's Result closely then needs no wake-up), then parks. Interrupts cannot reach a
     * thread standing by ({@link RunningTask}); one that does anyway is cleared, not obeyed.
     */
    void awaitPromotion(long spinNanos) {
      if (spinNanos > 0) {
        long deadline = System.nanoTime() + spinNanos;
        while (!promoted && System.nanoTime() - deadline < 0) {
          Thread.onSpinWait();
        }
      }
      while (!promoted) {
        LockSupport.park(this);
        Thread.interrupted();
      }
    }

    @Override
    public String toString() {
      return thread.getName();
    }
  }
}
