package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness heartbeat: tells storage this manager is alive and learns the current session, every
 * {@code interval} measured from the end of the previous heartbeat — so ticks missed while a call
 * hung are skipped, not replayed in a burst — and at once on {@link #refresh()} (which also
 * postpones the next regular tick, as Spider's liveness actor does).
 *
 * <p>Reactions, as {@link LivenessClient#heartbeat} documents them:
 *
 * <ul>
 *   <li>a newer session is adopted ({@link Membership#advance}); an older one is ignored;
 *   <li>{@link TransportException}: keep the session, try again at the next tick;
 *   <li>{@link MarkedDeadException}, {@link IllegalIdException}: the id is void ({@link
 *       Membership#lose}), then {@link LivenessClient#register} at once, and at every tick after
 *       that until it succeeds ({@link Membership#rejoin}).
 * </ul>
 *
 * <p>All calls run on the timer's one thread; {@link #refresh()} may be called from any thread.
 */
final class LivenessHeartbeat implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LivenessHeartbeat.class);

  private final LivenessClient client;
  private final Membership membership;
  private final InetAddress address;
  private final Duration interval;
  private final HeartbeatTimer timer;

  private final Object lock = new Object();
  // All guarded by lock.
  private long scheduledTick; // id of the one tick allowed to run; older scheduled ticks return
  private HeartbeatTimer.Scheduled next;
  private CompletableFuture<Void> pendingRefresh; // completed by the next heartbeat to start
  private boolean closed;

  LivenessHeartbeat(
      LivenessClient client,
      Membership membership,
      InetAddress address,
      Duration interval,
      HeartbeatTimer timer) {
    this.client = Objects.requireNonNull(client, "client");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.address = Objects.requireNonNull(address, "address");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** Schedules the first heartbeat one interval from now (registration just returned a session). */
  void start() {
    synchronized (lock) {
      scheduleLocked(interval);
    }
  }

  /**
   * Asks for a heartbeat now. Requests made before that heartbeat starts share it.
   *
   * @return completes when a heartbeat that started after this call has ended (whatever its
   *     result), or at once if the heartbeat is closed
   */
  CompletableFuture<Void> refresh() {
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      if (pendingRefresh == null) {
        pendingRefresh = new CompletableFuture<>();
        scheduleLocked(Duration.ZERO);
      }
      return pendingRefresh;
    }
  }

  /** Stops heartbeating: pending ticks are cancelled, a running call is interrupted. */
  @Override
  public void close() {
    CompletableFuture<Void> refresh;
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
      refresh = pendingRefresh;
      pendingRefresh = null;
    }
    timer.close();
    if (refresh != null) {
      refresh.complete(null);
    }
  }

  private void scheduleLocked(Duration delay) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel();
    }
    long id = ++scheduledTick;
    next = timer.schedule(delay, () -> tick(id));
  }

  private void tick(long id) {
    CompletableFuture<Void> refresh;
    synchronized (lock) {
      if (closed || id != scheduledTick) {
        return; // cancelled, but raced with its start
      }
      next = null;
      refresh = pendingRefresh;
      pendingRefresh = null;
    }
    try {
      beat();
    } finally {
      synchronized (lock) {
        if (next == null) { // else a refresh asked for another heartbeat meanwhile
          scheduleLocked(interval);
        }
      }
      if (refresh != null) {
        refresh.complete(null);
      }
    }
  }

  private void beat() {
    Membership.State state = membership.current();
    if (state instanceof Membership.Lost lost) {
      register(lost.emId());
      return;
    }
    ExecutionManagerId emId = state.emId();
    try {
      SessionId session = client.heartbeat(emId);
      membership.advance(emId, session);
    } catch (MarkedDeadException | IllegalIdException e) {
      membership.lose(emId, e.getMessage());
      register(emId);
    } catch (TransportException e) {
      log.warn(
          "liveness heartbeat of execution manager {} failed: {}; keeping the session, trying again"
              + " in {}",
          emId,
          e.getMessage(),
          interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } catch (RuntimeException e) {
      log.error(
          "liveness heartbeat of execution manager {} threw (a bug of the liveness client); trying"
              + " again in {}",
          emId,
          interval,
          e);
    }
  }

  private void register(ExecutionManagerId lostId) {
    try {
      Registration registration = client.register(address);
      membership.rejoin(registration);
    } catch (TransportException e) {
      log.error(
          "registering again (execution manager {} was lost) failed: {}; trying again in {}",
          lostId,
          e.getMessage(),
          interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } catch (RuntimeException e) {
      log.error(
          "registering again threw (a bug of the liveness client); trying again in {}",
          interval,
          e);
    }
  }
}
