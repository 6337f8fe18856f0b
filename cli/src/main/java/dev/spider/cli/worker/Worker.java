package dev.spider.cli.worker;

import dev.spider.manager.client.TransportException;
import dev.spider.manager.grpc.GrpcCluster;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManager;
import dev.spider.manager.runtime.ExecutionManagerException;
import dev.spider.manager.runtime.PoolTaskRunner;
import dev.spider.manager.runtime.RuntimeConfig;
import dev.spider.manager.runtime.Termination;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: the gRPC clients of a Spider cluster, a pool of executors and the execution
 * manager's runtime joining them. Started in the order upstream's execution manager starts:
 * channels connected first (a cluster that cannot be reached is a fatal error, so a supervisor
 * restarts the worker), then the executors, then the runtime, whose first call is {@code
 * RegisterExecutionManager}.
 *
 * <p>Stopping is the runtime's graceful shutdown (manager/runtime package documentation): no new
 * tasks, running ones get {@code jvm.shutdown_grace_sec}, then the scheduler {@code Shutdown}
 * carrying the acknowledgements still pending; the channels close only after that.
 *
 * <p>Thread-safe: the main thread waits in {@link #awaitTermination()} while a signal's shutdown
 * hook may call {@link #close()}; closing twice waits for the first close and does nothing more.
 */
final class Worker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /**
   * What {@link #close()} waits beyond the grace and the report drain: the runtime's bounded waits
   * for abandoned tasks, its threads and the scheduler {@code Shutdown}.
   */
  private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);

  private final GrpcCluster cluster;
  private final ExecutionManager manager;
  private final Duration grace;
  private final Duration closeBound;
  private boolean closed; // guarded by this

  private Worker(GrpcCluster cluster, ExecutionManager manager, RuntimeConfig runtime) {
    this.cluster = cluster;
    this.manager = manager;
    this.grace = runtime.shutdownGrace();
    this.closeBound = grace.plus(runtime.reportDrainTimeout()).plus(CLOSE_MARGIN);
  }

  /**
   * Connects to the cluster, starts the executors and the runtime.
   *
   * @param executorJar the executor jar, from {@code task_executor.bin_path} or bundled
   * @param output where executors' output lines go
   * @throws TransportException when storage or the scheduler cannot be reached
   * @throws PoolException when no executor starts
   * @throws ExecutionManagerException when registering with storage fails
   */
  static Worker start(WorkerConfig config, Path executorJar, ExecutorLogSink output)
      throws TransportException, PoolException, ExecutionManagerException, InterruptedException {
    RuntimeConfig runtime = config.runtime();
    GrpcCluster cluster = GrpcCluster.connect(config.grpcCluster());
    try {
      ExecutorPool pool =
          ExecutorPool.start(
              config.pool(executorJar, output, System.getenv(WorkerConfig.RUST_LOG) != null));
      ExecutionManager manager =
          ExecutionManager.start(
              runtime,
              cluster.scheduler(),
              cluster.storage(),
              cluster.liveness(),
              PoolTaskRunner.owning(pool));
      return new Worker(cluster, manager, runtime);
    } catch (Throwable e) {
      cluster.close(); // the pool and the runtime close themselves when their start fails
      throw e;
    }
  }

  /**
   * Waits until the runtime terminated: {@link Termination.Stopped} after {@link #close()}, {@link
   * Termination.Failed} when it stopped on a fatal error. Unbounded on purpose: a worker runs until
   * a signal or a fatal error ends it.
   */
  Termination awaitTermination() throws InterruptedException {
    try {
      return manager.termination().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the runtime's termination never fails, yet: " + e, e);
    }
  }

  /** How the runtime ended, once it has. */
  Optional<Termination> termination() {
    return Optional.ofNullable(manager.termination().getNow(null));
  }

  /**
   * Stops gracefully and waits, bounded, for the runtime's shutdown to finish, then closes the
   * channels. An interrupt cuts the wait short and stays set.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    manager.shutdown(grace);
    try {
      if (!manager.awaitTermination(closeBound)) {
        log.error(
            "the execution manager did not stop within {}; closing the connections anyway",
            closeBound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while waiting for the execution manager to stop");
    } finally {
      cluster.close();
    }
  }
}
