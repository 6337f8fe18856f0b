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
import dev.spider.manager.runtime.PoolTaskRunner;
import dev.spider.manager.runtime.RuntimeConfig;
import dev.spider.manager.runtime.Termination;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Spider deployment in this JVM: the embedded cluster (scheduler, storage, liveness), the
 * execution manager's runtime loop and a pool of real executors. SIGINT and SIGTERM shut the
 * manager down gracefully while it runs. Not thread-safe: one command drives it.
 */
final class LocalCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

  private final EmbeddedCluster cluster;
  private final ExecutionManager manager;
  private final Thread shutdownHook;

  private LocalCluster(EmbeddedCluster cluster, ExecutionManager manager) {
    this.cluster = cluster;
    this.manager = manager;
    this.shutdownHook = manager.shutdownHook(SHUTDOWN_GRACE);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static LocalCluster start(Path executorJar, Path packages, int executors, String heap)
      throws PoolException, ExecutionManagerException, InterruptedException, UsageException {
    if (executors < 1) {
      throw new UsageException("--executors must be at least 1, got " + executors);
    }
    ExecutorPool pool =
        ExecutorPool.start(
            PoolConfig.builder(executorJar, packages).size(executors).heap(heap).build());
    EmbeddedCluster cluster = new EmbeddedCluster();
    RuntimeConfig config =
        RuntimeConfig.builder(InetAddress.getLoopbackAddress())
            .pollWait(Duration.ofMillis(500))
            .shutdownGrace(SHUTDOWN_GRACE)
            .build();
    ExecutionManager manager =
        ExecutionManager.start(
            config,
            cluster.schedulerClient(),
            cluster.storageClient(),
            cluster.livenessClient(),
            PoolTaskRunner.owning(pool));
    return new LocalCluster(cluster, manager);
  }

  /**
   * Runs a job to its end, calling {@code progress} whenever its progress changes.
   *
   * @throws ExecutionManagerException when the manager's loop stopped on an error first
   */
  JobResult run(JobSpec job, Consumer<Progress> progress)
      throws InterruptedException, ExecutionManagerException {
    JobId id = cluster.submit(job);
    Progress last = null;
    while (true) {
      JobResult result = cluster.awaitCompletion(id, PROGRESS_INTERVAL);
      if (result.state().isTerminal()) {
        progress.accept(cluster.progress(id));
        return result;
      }
      Progress now = cluster.progress(id);
      if (!now.equals(last)) {
        progress.accept(now);
        last = now;
      }
      Optional<Termination> ended = Optional.ofNullable(manager.termination().getNow(null));
      if (ended.isPresent() && ended.get() instanceof Termination.Failed failed) {
        throw failed.error();
      }
    }
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
