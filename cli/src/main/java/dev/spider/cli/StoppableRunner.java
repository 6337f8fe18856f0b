package dev.spider.cli;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import dev.spider.manager.runtime.TaskRunner;
import java.util.Objects;
import java.util.Optional;

/**
 * The task runner of a {@link LocalCluster}: the executor pool, and what a stop on Ctrl-C needs of
 * it (docs/cli.md, "Stopping a run"). {@link #beginStop} sends every later task to a pool of one
 * executor started for it (the job's cleanup task is the one task still to run once the job is
 * cancelled); {@link #interruptRunning} then closes the main pool: every executor is sent Shutdown
 * at once, which interrupts its running Java task, gets {@link PoolConfig#shutdownGrace()} to end,
 * and is killed after it. A closed pool starts no replacement executors, so none is spawned only to
 * be killed.
 *
 * <p>Thread-safe: task threads call {@link #run}, the command's thread stops it. One lock guards
 * the stop and the lazily started cleanup pool; starting that pool holds it, so tasks arriving
 * meanwhile wait for the same pool instead of starting their own.
 */
final class StoppableRunner implements TaskRunner {

  private final ExecutorPool main;
  private final PoolConfig afterStop;
  private final Object lock = new Object();
  // Guarded by lock.
  private boolean stopping;
  private Optional<ExecutorPool> cleanup = Optional.empty();

  /**
   * @param main the pool tasks run on until the stop; taken over (closed by this runner)
   * @param afterStop the configuration of the one-executor pool tasks run on after it
   */
  StoppableRunner(ExecutorPool main, PoolConfig afterStop) {
    this.main = Objects.requireNonNull(main, "main");
    this.afterStop = Objects.requireNonNull(afterStop, "afterStop");
  }

  @Override
  public Outcome run(ExecuteRequest request, Timeouts timeouts)
      throws PoolException, InterruptedException {
    ExecutorPool pool;
    synchronized (lock) {
      pool = stopping ? cleanupPool() : main;
    }
    return pool.execute(request, timeouts);
  }

  private ExecutorPool cleanupPool() throws PoolException, InterruptedException {
    if (cleanup.isEmpty()) {
      cleanup = Optional.of(ExecutorPool.start(afterStop));
    }
    return cleanup.get();
  }

  /** The pool tasks run on until the stop. */
  ExecutorPool main() {
    return main;
  }

  /** From now on, tasks run on the one-executor pool. */
  void beginStop() {
    synchronized (lock) {
      stopping = true;
    }
  }

  /**
   * Interrupts the tasks running on the main pool and closes it; returns once they ended or were
   * killed, after at most the pool's shutdown grace (and the kills).
   */
  void interruptRunning() {
    main.close();
  }

  @Override
  public int slots() {
    return main.size();
  }

  /** Closes both pools. */
  @Override
  public void close() {
    main.close();
    synchronized (lock) {
      cleanup.ifPresent(ExecutorPool::close);
    }
  }

  @Override
  public String toString() {
    return "StoppableRunner[" + main.size() + " slots]";
  }
}
