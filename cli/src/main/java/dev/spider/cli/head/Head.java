package dev.spider.cli.head;

import com.google.common.net.InetAddresses;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SessionId;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spider head}: one {@link EmbeddedCluster} served as Spider's storage services (job
 * orchestration, resource groups, task instances, execution-manager liveness, sessions) on one port
 * and its scheduler service on another, over plaintext HTTP/2 as upstream serves them
 * (docs/cluster.md), plus the {@link LivenessReaper} that declares silent managers dead. The
 * services upstream's storage keeps for its scheduler ({@code InboundQueueService}, {@code
 * SchedulerRegistrationService}) are not served: they answer {@code UNIMPLEMENTED}.
 *
 * <p>It is a single in-memory process, for development, CI and small Java-only fleets: nothing
 * survives it, and it is no replacement for Spider's storage and scheduler in production.
 *
 * <p>Storage accepts requests up to {@value #STORAGE_MAX_INBOUND_BYTES} bytes (upstream: 4 MiB), so
 * a Java worker's large outputs are not refused; the scheduler keeps gRPC's default, {@value
 * #SCHEDULER_MAX_INBOUND_BYTES} bytes.
 *
 * <p>Threads: each server runs calls on its own pool ({@code spider-head-storage-N}, {@code
 * spider-head-scheduler-N}), which grows with concurrent calls — a scheduler poll holds its thread
 * for its wait; gRPC's Netty transport runs its own named event-loop threads. Thread-safe. {@link
 * #close} stops everything, waiting for each part at most {@link #STOP_TIMEOUT}.
 */
public final class Head implements AutoCloseable {

  /** The largest request storage accepts: 64 MiB, the executor's frame limit. */
  public static final int STORAGE_MAX_INBOUND_BYTES = 64 << 20;

  /** The largest request the scheduler accepts: 4 MiB, gRPC's default, as upstream's scheduler. */
  public static final int SCHEDULER_MAX_INBOUND_BYTES = 4 << 20;

  /** The longest {@link #close} waits for each server and pool to stop. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How many execution manager ids each millisecond of start time reserves: a head started at
   * {@code t} issues ids from {@code t * 1000 + 1} on.
   */
  static final long MANAGER_IDS_PER_MILLI = 1000;

  private static final Logger log = LoggerFactory.getLogger(Head.class);

  private final EmbeddedCluster cluster;
  private final SchedulerService scheduler;
  private final Running storage;
  private final Running schedulerServer;
  private final LivenessReaper reaper;

  /** A started server, where it was asked to listen, and the pool it runs calls on. */
  private record Running(
      String name, InetSocketAddress requested, Server server, ExecutorService pool) {
    /** The requested address with the port the server got (a free one when 0 was asked for). */
    InetSocketAddress address() {
      return new InetSocketAddress(requested.getAddress(), server.getPort());
    }
  }

  private Head(
      EmbeddedCluster cluster,
      SchedulerService scheduler,
      Running storage,
      Running schedulerServer,
      LivenessReaper reaper) {
    this.cluster = cluster;
    this.scheduler = scheduler;
    this.storage = storage;
    this.schedulerServer = schedulerServer;
    this.reaper = reaper;
  }

  /**
   * Starts serving an empty cluster, seeded from the current time ({@link #start(HeadConfig,
   * long)}).
   *
   * @throws CannotListenException when either service cannot listen; nothing is left running
   */
  public static Head start(HeadConfig config) throws CannotListenException {
    return start(config, System.currentTimeMillis());
  }

  /**
   * Starts serving an empty cluster at storage session {@code startEpochMillis}, whose execution
   * managers get ids from {@code startEpochMillis * }{@value #MANAGER_IDS_PER_MILLI}{@code + 1} up.
   * Upstream's storage moves to a new session on every start; seeding both from the start time does
   * the same for a head that keeps nothing: a later start has a later session, and manager ids no
   * earlier start issued (unless one issued {@value #MANAGER_IDS_PER_MILLI} ids per millisecond it
   * ran). A worker that outlives a restart is then told its session is stale ({@code NOT_FOUND})
   * and its id unknown ({@code INVALID_ARGUMENT}), and registers again.
   *
   * @param startEpochMillis the start time, in milliseconds since the epoch; positive
   * @throws CannotListenException when either service cannot listen; nothing is left running
   */
  static Head start(HeadConfig config, long startEpochMillis) throws CannotListenException {
    Objects.requireNonNull(config, "config");
    if (startEpochMillis <= 0) {
      throw new IllegalArgumentException(
          "the start time must be positive, got " + startEpochMillis);
    }
    EmbeddedCluster cluster =
        new EmbeddedCluster(
            new SessionId(startEpochMillis),
            new ExecutionManagerId(
                Math.multiplyExact(startEpochMillis, MANAGER_IDS_PER_MILLI) + 1));
    ResourceGroups groups = new ResourceGroups();
    SchedulerService scheduler = new SchedulerService(cluster);
    Running storage =
        serve(
            "storage",
            new InetSocketAddress(config.bind(), config.storagePort()),
            STORAGE_MAX_INBOUND_BYTES,
            List.of(
                new JobOrchestrationService(cluster, groups),
                new TaskInstanceService(cluster),
                new ResourceGroupService(groups),
                new LivenessService(cluster),
                new SessionService(cluster)));
    Running schedulerServer;
    try {
      schedulerServer =
          serve(
              "scheduler",
              new InetSocketAddress(config.bind(), config.schedulerPort()),
              SCHEDULER_MAX_INBOUND_BYTES,
              List.of(scheduler));
    } catch (CannotListenException e) {
      stop(storage);
      throw e;
    }
    LivenessReaper reaper = LivenessReaper.start(cluster, config.livenessCutoff());
    Head head = new Head(cluster, scheduler, storage, schedulerServer, reaper);
    log.info(
        "serving storage on {} and the scheduler on {}; liveness cut-off {}; storage session {}",
        format(head.storageAddress()),
        format(head.schedulerAddress()),
        config.livenessCutoff(),
        cluster.session());
    return head;
  }

  /** Where the storage services listen, with the port picked when 0 was asked for. */
  public InetSocketAddress storageAddress() {
    return storage.address();
  }

  /** Where the scheduler service listens, with the port picked when 0 was asked for. */
  public InetSocketAddress schedulerAddress() {
    return schedulerServer.address();
  }

  /** The cluster it serves, for tests that look behind the services. */
  EmbeddedCluster cluster() {
    return cluster;
  }

  /**
   * Stops serving: the liveness checks end, waiting polls answer {@code INTERNAL "scheduler is
   * shutting down"}, both servers stop taking calls and finish those in flight. Idempotent.
   */
  @Override
  public void close() {
    reaper.close();
    scheduler.close();
    stop(schedulerServer);
    stop(storage);
  }

  /** {@code 127.0.0.1:50051}, {@code [::1]:50051}: how the head prints an address. */
  static String format(InetSocketAddress address) {
    return InetAddresses.toUriString(address.getAddress()) + ":" + address.getPort();
  }

  private static Running serve(
      String name, InetSocketAddress address, int maxInboundBytes, List<BindableService> services)
      throws CannotListenException {
    ExecutorService pool =
        Executors.newCachedThreadPool(
            new ThreadFactoryBuilder().setNameFormat("spider-head-" + name + "-%d").build());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .executor(pool)
            .maxInboundMessageSize(maxInboundBytes);
    services.forEach(builder::addService);
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      pool.shutdownNow();
      throw new CannotListenException(name, address, e);
    }
    return new Running(name, address, server, pool);
  }

  private static void stop(Running running) {
    running.server().shutdown();
    try {
      if (!running.server().awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "the {} server did not finish its calls within {}; cancelling them",
            running.name(),
            STOP_TIMEOUT);
        running.server().shutdownNow();
        running.server().awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      running.pool().shutdown();
      if (!running.pool().awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("the {} server's threads did not end within {}", running.name(), STOP_TIMEOUT);
        running.pool().shutdownNow();
      }
    } catch (InterruptedException e) {
      running.server().shutdownNow();
      running.pool().shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
