package dev.spider.cli;

import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.Progress;
import dev.spider.manager.client.JobId;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManager;
import dev.spider.manager.runtime.ExecutionManagerException;
import dev.spider.manager.runtime.RuntimeConfig;
import dev.spider.manager.runtime.Termination;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Spider deployment in this JVM: the embedded cluster (scheduler, storage, liveness), the
 * execution manager's runtime loop and a pool of real executors.
 *
 * <p><b>Stopping.</b> {@link #run} watches a stop request (the command's {@link StopSignals}): on
 * one it cancels the job — tasks not started are skipped, running ones cancelled, the cleanup task
 * made ready — then interrupts the running tasks at once and gives them {@link #STOP_GRACE} before
 * their executors are killed, runs the cleanup task on a fresh executor, and returns the job as it
 * ended (docs/cli.md, "Stopping a run"). A JVM shutdown by other means (SIGHUP) still shuts the
 * manager down gracefully through a shutdown hook.
 *
 * <p>Not thread-safe: one command drives it.
 */
final class LocalCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  /** How long running tasks get to end after a stop interrupted them (docs/cli.md). */
  static final Duration STOP_GRACE = Duration.ofSeconds(2);

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /** slf4j-simple's level property of the runtime's report sender. */
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

  /** After a stop: starting the cleanup task's executor, and slack, on top of its hard timeout. */
  private static final Duration CLEANUP_MARGIN = Duration.ofSeconds(30);

  private final EmbeddedCluster cluster;
  private final ExecutionManager manager;
  private final StoppableRunner runner;
  private final Thread shutdownHook;

  private LocalCluster(EmbeddedCluster cluster, ExecutionManager manager, StoppableRunner runner) {
    this.cluster = cluster;
    this.manager = manager;
    this.runner = runner;
    this.shutdownHook = manager.shutdownHook(SHUTDOWN_GRACE);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the deployment.
   *
   * @param pool the executors' configuration, as the command's options make it ({@code
   *     CommonOptions.pool}); its size and shutdown grace are set here
   */
  static LocalCluster start(PoolConfig.Builder pool, int executors)
      throws PoolException, ExecutionManagerException, InterruptedException, UsageException {
    if (executors < 1) {
      throw new UsageException("--executors must be at least 1, got " + executors);
    }
    PoolConfig.Builder config = pool.shutdownGrace(STOP_GRACE);
    ExecutorPool main = ExecutorPool.start(config.size(executors).build());
    StoppableRunner runner = new StoppableRunner(main, config.size(1).spares(0).build());
    EmbeddedCluster cluster = new EmbeddedCluster();
    RuntimeConfig runtime =
        RuntimeConfig.builder(InetAddress.getLoopbackAddress())
            .pollWait(Duration.ofMillis(500))
            .shutdownGrace(SHUTDOWN_GRACE)
            .build();
    ExecutionManager manager =
        ExecutionManager.start(
            runtime,
            cluster.schedulerClient(),
            cluster.storageClient(),
            cluster.livenessClient(),
            runner);
    return new LocalCluster(cluster, manager, runner);
  }

  /** The pool the job's tasks run on until a stop, e.g. to describe packages before a run. */
  ExecutorPool executors() {
    return runner.main();
  }

  /**
   * Runs a job to its end, calling {@code progress} whenever its progress changes. When {@code
   * stop} says so, stops the job as the class comment says and returns it cancelled, or as it
   * stands when its cleanup did not end within the cleanup task's hard timeout and a margin.
   *
   * @param stop polled while the job runs: the reason to stop it, e.g. {@code "cancelled by
   *     SIGINT"}
   * @throws ExecutionManagerException when the manager's loop stopped on an error first
   */
  JobResult run(JobSpec job, Consumer<Progress> progress, Supplier<Optional<String>> stop)
      throws InterruptedException, ExecutionManagerException {
    JobId id = cluster.submit(job);
    Progress last = null;
    boolean stopping = false;
    long stopDeadline = 0; // meaningful once stopping
    Duration stopBound = Duration.ZERO;
    while (true) {
      JobResult result = cluster.awaitCompletion(id, PROGRESS_INTERVAL);
      Progress now = cluster.progress(id);
      if (!now.equals(last)) {
        progress.accept(now);
        last = now;
      }
      if (result.state().isTerminal()) {
        return result;
      }
      if (!stopping) {
        Optional<String> why = stop.get();
        if (why.isPresent()) {
          stopJob(id, why.get());
          stopping = true;
          stopBound =
              job.cleanup()
                  .map(t -> t.policy().timeouts().hard())
                  .orElse(Duration.ZERO)
                  .plus(CLEANUP_MARGIN);
          stopDeadline = System.nanoTime() + stopBound.toNanos();
        }
      } else if (System.nanoTime() - stopDeadline > 0) {
        log.warn("job {} did not end within {} of the stop; leaving it", id, stopBound);
        return cluster.result(id);
      }
      Optional<Termination> ended = Optional.ofNullable(manager.termination().getNow(null));
      if (ended.isPresent() && ended.get() instanceof Termination.Failed failed) {
        throw failed.error();
      }
    }
  }

  /**
   * Cancels the job, then interrupts what runs. In that order: a task interrupted first would
   * report an environmental failure and be retried; cancelled first, its report is refused. Tasks
   * handed out from here on (the cleanup task) go to a fresh executor, so closing the pool does not
   * interrupt them.
   */
  private void stopJob(JobId id, String why) {
    runner.beginStop();
    if (cluster.cancel(id, why)) {
      log.info("job {} {}: interrupting its running tasks, {} to end", id, why, STOP_GRACE);
    }
    runner.interruptRunning();
  }

  /**
   * Shuts the manager down and waits, bounded, for it to terminate. An interrupt ends the wait
   * early (the manager goes on stopping on its own threads) and stays set for the caller.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      log.debug("the JVM is shutting down: the shutdown hook stops the manager itself");
    }
    manager.shutdown(SHUTDOWN_GRACE);
    Duration wait = SHUTDOWN_GRACE.multipliedBy(3);
    try {
      if (!manager.awaitTermination(wait)) {
        log.warn("the execution manager did not terminate within {}; leaving it", wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while waiting for the execution manager to terminate; leaving it");
    }
  }
}
