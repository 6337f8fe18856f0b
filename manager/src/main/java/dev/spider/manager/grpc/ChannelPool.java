package dev.spider.manager.grpc;

import com.google.common.collect.ImmutableList;
import com.google.common.net.HostAndPort;
import dev.spider.manager.client.TransportException;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of one service, used round-robin, one per call: upstream's {@code ConnectionPool} of
 * {@code connection_pool_size} connections (docs/cluster.md). Separate channels are separate HTTP/2
 * connections, so a large report on one does not hold up a heartbeat on another.
 *
 * <p>Invariants: at least one channel; the list never changes after construction. Thread-safe:
 * {@link #next()} is lock-free; {@link #close} may run while calls are in flight (they fail with
 * {@code UNAVAILABLE}).
 */
final class ChannelPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChannelPool.class);

  /** How long {@link #close} waits for calls in flight before it cuts them off, then again. */
  private static final long CLOSE_WAIT_SECONDS = 5;

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(CLOSE_WAIT_SECONDS);

  private final String service;
  private final HostAndPort endpoint;
  private final ImmutableList<ManagedChannel> channels;
  private final AtomicInteger turn = new AtomicInteger();

  private ChannelPool(
      String service, HostAndPort endpoint, ImmutableList<ManagedChannel> channels) {
    this.service = service;
    this.endpoint = endpoint;
    this.channels = channels;
  }

  /**
   * Opens {@code size} channels to {@code endpoint}; none is connected yet (see {@link
   * #connectAll}).
   */
  static ChannelPool open(ChannelOpener opener, String service, HostAndPort endpoint, int size) {
    Objects.requireNonNull(opener, "opener");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpoint, "endpoint");
    if (size < 1) {
      throw new IllegalArgumentException("a channel pool needs at least 1 channel, got " + size);
    }
    List<ManagedChannel> channels = new ArrayList<>(size);
    try {
      for (int i = 0; i < size; i++) {
        channels.add(Objects.requireNonNull(opener.open(endpoint, service), "opened channel"));
      }
    } catch (RuntimeException e) {
      channels.forEach(ManagedChannel::shutdownNow); // none carried a call yet
      throw e;
    }
    return new ChannelPool(service, endpoint, ImmutableList.copyOf(channels));
  }

  /** The channel for the next call. */
  Channel next() {
    return channels.get(Math.floorMod(turn.getAndIncrement(), channels.size()));
  }

  /** The service and its endpoint, for messages: {@code "storage at 127.0.0.1:50051"}. */
  String describe() {
    return service + " at " + endpoint;
  }

  /**
   * Connects every channel of {@code pools} now rather than on the first call, as upstream does at
   * start-up, so an unreachable service is a start-up error rather than a stream of failing calls.
   *
   * @param timeout how long all the channels together may take to connect
   * @throws TransportException when a channel fails to connect or {@code timeout} passes first
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  static void connectAll(List<ChannelPool> pools, Duration timeout)
      throws TransportException, InterruptedException {
    for (ChannelPool pool : pools) {
      pool.channels.forEach(c -> c.getState(true)); // every connection starts before any wait
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ChannelPool pool : pools) {
      for (ManagedChannel channel : pool.channels) {
        pool.awaitReady(channel, deadline, timeout);
      }
    }
  }

  private void awaitReady(ManagedChannel channel, long deadline, Duration timeout)
      throws TransportException, InterruptedException {
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      if (state == ConnectivityState.TRANSIENT_FAILURE || state == ConnectivityState.SHUTDOWN) {
        throw new TransportException(
            "cannot connect to "
                + describe()
                + ": the connection failed ("
                + state
                + "); check that the service runs and that host and port are right",
            TransportException.Arrival.NOT_SENT);
      }
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      long left = deadline - System.nanoTime();
      if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
        throw new TransportException(
            "cannot connect to "
                + describe()
                + ": not connected within "
                + timeout
                + " (still "
                + channel.getState(false)
                + "); check that the service runs and is reachable from here",
            TransportException.Arrival.NOT_SENT);
      }
      state = channel.getState(true);
    }
  }

  /**
   * Shuts every channel down: calls in flight get {@value #CLOSE_WAIT_SECONDS} seconds to finish,
   * then are cancelled. Bounded; idempotent. An interrupt cuts the waits short and stays set.
   */
  @Override
  public void close() {
    closeAll(List.of(this));
  }

  /**
   * Closes several pools as {@link #close()} closes one, with one wait for all of them rather than
   * one per pool.
   */
  static void closeAll(List<ChannelPool> pools) {
    List<ManagedChannel> all = new ArrayList<>();
    pools.forEach(p -> all.addAll(p.channels));
    all.forEach(ManagedChannel::shutdown);
    try {
      if (awaitAll(all, CLOSE_WAIT)) {
        return;
      }
      log.warn("calls still in flight {} after closing the channels; cancelling them", CLOSE_WAIT);
      all.forEach(ManagedChannel::shutdownNow);
      if (!awaitAll(all, CLOSE_WAIT)) {
        log.error(
            "channels to {} not terminated {} after cancelling their calls",
            pools.stream().map(ChannelPool::describe).toList(),
            CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      all.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
      log.warn("interrupted while closing channels; calls in flight cancelled");
    }
  }

  private static boolean awaitAll(List<ManagedChannel> channels, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (ManagedChannel channel : channels) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!channel.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }
}
