package dev.spider.manager.runtime;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the heartbeats' delayed actions, one at a time, in due order. Production uses {@link
 * #onThread} (one daemon thread per heartbeat, so a hung liveness call never delays a scheduler
 * heartbeat); tests drive time by hand.
 */
interface HeartbeatTimer extends AutoCloseable {

  /** A scheduled action that has not run yet can be cancelled; cancelling later does nothing. */
  interface Scheduled {
    void cancel();
  }

  /** Runs {@code action} after {@code delay}; after {@link #close()} the action never runs. */
  Scheduled schedule(Duration delay, Runnable action);

  /**
   * Cancels every pending action and interrupts the running one (a heartbeat call then gets {@code
   * InterruptedException}: stop heartbeating), waiting a bounded time for it to return.
   */
  @Override
  void close();

  /** A timer on one daemon thread named {@code threadName}. */
  static HeartbeatTimer onThread(String threadName) {
    return new ThreadTimer(threadName);
  }

  /** {@link HeartbeatTimer} over a one-thread {@link ScheduledThreadPoolExecutor}. */
  final class ThreadTimer implements HeartbeatTimer {

    private static final Logger log = LoggerFactory.getLogger(ThreadTimer.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String threadName;
    private final ScheduledThreadPoolExecutor executor;

    private ThreadTimer(String threadName) {
      this.threadName = threadName;
      this.executor =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      try {
        ScheduledFuture<?> future =
            executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> {}; // closed: the action never runs, as documented
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
      try {
        if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          log.error(
              "thread {} is still in a heartbeat call {} after being interrupted; leaving it"
                  + " (daemon)",
              threadName,
              CLOSE_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
