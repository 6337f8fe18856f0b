package dev.spider.manager.pool;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that watch an executor for its whole life, its stderr forwarder and its exit watch:
 * one cached set of daemon threads ({@link #shared()}) serves every pool in the manager
 * (docs/process-pool.md, "Spawning"). An executor spawned while earlier ones have ended wakes idle
 * threads instead of creating new ones: a thread created while the executor's JVM boots competes
 * with it for the CPU, which on two cores adds about 0.25 ms per thread to spawn → Hello.
 *
 * <p>A watch runs under the name it is given ({@code executor-3-stderr}); between watches a thread
 * is {@code spider-watch-idle-N}, and it ends after {@link #IDLE} without one. A thread carries
 * nothing from one watch to the next that the watches themselves did not leave: it inherits no
 * thread-locals from whoever made it, and its context class loader is the manager's. Whatever a
 * watch throws is logged, never lost, and the thread goes on serving. Thread-safe.
 */
final class WatchThreads {

  /** How long a thread without a watch waits for the next one before it ends. */
  static final Duration IDLE = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(WatchThreads.class);
  private static final WatchThreads SHARED = new WatchThreads("spider-watch-idle-");

  private final AtomicInteger threadNumbers = new AtomicInteger();
  // Unbounded: each live executor holds two threads, and a spawn must never wait for one.
  private final ThreadPoolExecutor threads;

  /** A set of its own, for tests; the manager's executors all use {@link #shared()}. */
  WatchThreads(String idlePrefix) {
    this.threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            IDLE.toMillis(),
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            idleThreads(idlePrefix));
  }

  /** The watch threads of every pool in this JVM. */
  static WatchThreads shared() {
    return SHARED;
  }

  /**
   * Runs {@code watch} on a watch thread named {@code name}.
   *
   * @return opens when the watch has ended, however it ended
   * @throws OutOfMemoryError when no thread is idle and none can be created; nothing then runs
   */
  CountDownLatch start(String name, Runnable watch) {
    CountDownLatch ended = new CountDownLatch(1);
    threads.execute(
        () -> {
          Thread thread = Thread.currentThread();
          String idleName = thread.getName();
          thread.setName(name);
          try {
            watch.run();
          } catch (Throwable e) { // even a checked one thrown sneakily: the thread must go on
            log.error("{} failed; its executor is no longer watched by it", name, e);
          } finally {
            thread.setName(idleName);
            ended.countDown();
          }
        });
    return ended;
  }

  private ThreadFactory idleThreads(String prefix) {
    ClassLoader managers = WatchThreads.class.getClassLoader();
    return runnable -> {
      Thread thread =
          new Thread(null, runnable, prefix + threadNumbers.incrementAndGet(), 0, false);
      thread.setContextClassLoader(managers);
      thread.setDaemon(true); // a watch must never keep the manager's JVM alive
      return thread;
    };
  }
}
