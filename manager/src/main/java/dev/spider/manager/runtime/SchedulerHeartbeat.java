package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler heartbeat: {@link SchedulerClient#heartbeat} at once, then every {@code interval}
 * measured from the end of the previous call (missed ticks skipped), under the current
 * registration; skipped while the manager is {@linkplain Membership.Lost lost}. Errors are logged
 * and never stop it, as the client documents.
 */
final class SchedulerHeartbeat implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchedulerHeartbeat.class);

  private final SchedulerClient client;
  private final Membership membership;
  private final Duration interval;
  private final HeartbeatTimer timer;

  SchedulerHeartbeat(
      SchedulerClient client, Membership membership, Duration interval, HeartbeatTimer timer) {
    this.client = Objects.requireNonNull(client, "client");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  void start() {
    timer.schedule(Duration.ZERO, this::tick);
  }

  /** Stops heartbeating: the pending tick is cancelled, a running call is interrupted. */
  @Override
  public void close() {
    timer.close();
  }

  private void tick() {
    try {
      beat();
    } finally {
      timer.schedule(interval, this::tick); // does nothing once closed
    }
  }

  private void beat() {
    if (!(membership.current() instanceof Membership.Registered registered)) {
      log.debug("scheduler heartbeat skipped: not registered with storage");
      return;
    }
    ExecutionManagerId emId = registered.emId();
    try {
      client.heartbeat(emId);
    } catch (TransportException | ServerException e) {
      log.warn(
          "scheduler heartbeat of execution manager {} failed: {}; trying again in {}",
          emId,
          e.getMessage(),
          interval);
    } catch (SchedulerProtocolException e) {
      log.error(
          "scheduler heartbeat of execution manager {} got a malformed reply (version mismatch?):"
              + " {}; trying again in {}",
          emId,
          e.getMessage(),
          interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } catch (RuntimeException e) {
      log.error(
          "scheduler heartbeat of execution manager {} threw (a bug of the scheduler client);"
              + " trying again in {}",
          emId,
          interval,
          e);
    }
  }
}
