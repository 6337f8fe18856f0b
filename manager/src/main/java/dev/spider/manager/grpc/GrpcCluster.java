package dev.spider.manager.grpc;

import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three clients of a Spider cluster over gRPC (plaintext HTTP/2), sharing channels that this
 * object owns: {@code connectionPoolSize} per service, used round-robin. Close it after {@link
 * SchedulerClient#shutdown}.
 *
 * <p>As upstream's execution manager (docs/cluster.md), it keeps three pools: one to storage for
 * task instances, one to storage for liveness — so heartbeats never queue behind large reports —
 * and one to the scheduler; every channel is connected at {@link #connect}, so an unreachable
 * cluster is a start-up error. Protocol types stay inside this package: the clients take and return
 * the {@code dev.spider.manager.client} records and exceptions only.
 *
 * <p>Thread-safe: the clients may be used from any thread until {@link #close()}; closing is
 * idempotent and fails the calls still in flight with {@code TransportException}s after a bounded
 * wait.
 */
public final class GrpcCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcCluster.class);

  private final List<ChannelPool> pools;
  private final SchedulerClient scheduler;
  private final StorageClient storage;
  private final LivenessClient liveness;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GrpcCluster(
      List<ChannelPool> pools,
      SchedulerClient scheduler,
      StorageClient storage,
      LivenessClient liveness) {
    this.pools = List.copyOf(pools);
    this.scheduler = scheduler;
    this.storage = storage;
    this.liveness = liveness;
  }

  /**
   * Opens the channels and connects them.
   *
   * @throws TransportException when a service cannot be reached within the call deadline (also when
   *     the calling thread is interrupted while connecting; its interrupt status is then set)
   */
  public static GrpcCluster connect(GrpcClusterConfig config) throws TransportException {
    return connect(config, ChannelOpener.plaintext(config.inboundMaxMessageBytes()));
  }

  /** As {@link #connect(GrpcClusterConfig)}, with channels from {@code opener} (tests). */
  static GrpcCluster connect(GrpcClusterConfig config, ChannelOpener opener)
      throws TransportException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(opener, "opener");
    int size = config.connectionPoolSize();
    List<ChannelPool> opened = new ArrayList<>(3);
    try {
      opened.add(ChannelPool.open(opener, "storage", config.storage(), size));
      opened.add(ChannelPool.open(opener, "storage liveness", config.storage(), size));
      opened.add(ChannelPool.open(opener, "scheduler", config.scheduler(), size));
    } catch (RuntimeException e) {
      ChannelPool.closeAll(opened);
      throw e;
    }
    ChannelPool storagePool = opened.get(0);
    ChannelPool livenessPool = opened.get(1);
    ChannelPool schedulerPool = opened.get(2);
    GrpcCluster cluster =
        new GrpcCluster(
            List.of(storagePool, livenessPool, schedulerPool),
            new GrpcSchedulerClient(schedulerPool, config),
            new GrpcStorageClient(storagePool, config),
            new GrpcLivenessClient(livenessPool, config));
    try {
      ChannelPool.connectAll(cluster.pools, config.callDeadline());
    } catch (TransportException e) {
      cluster.close();
      throw e;
    } catch (InterruptedException e) {
      cluster.close();
      Thread.currentThread().interrupt();
      throw new TransportException(
          "interrupted while connecting to storage at "
              + config.storage()
              + " and the scheduler at "
              + config.scheduler(),
          TransportException.Arrival.NOT_SENT,
          e);
    }
    log.info(
        "connected to storage at {} and the scheduler at {} ({} channel(s) per service)",
        config.storage(),
        config.scheduler(),
        size);
    return cluster;
  }

  /** The scheduler client; the same object on every call. */
  public SchedulerClient scheduler() {
    return scheduler;
  }

  /** The storage (task instance) client; the same object on every call. */
  public StorageClient storage() {
    return storage;
  }

  /** The storage liveness client; the same object on every call. */
  public LivenessClient liveness() {
    return liveness;
  }

  /**
   * Closes every channel, waiting a few seconds for calls in flight before cancelling them. Bounded
   * and idempotent; an interrupt cuts the wait short and stays set.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ChannelPool.closeAll(pools);
    }
  }
}
