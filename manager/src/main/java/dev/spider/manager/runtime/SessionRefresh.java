package dev.spider.manager.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the liveness heartbeat for an immediate heartbeat and waits for it, so that the loop learns
 * a session that storage revealed (an assignment from a newer session, a stale-session refusal)
 * before it goes on, as {@code StorageClient} documents for stale sessions.
 *
 * <p><b>Invariants.</b> The wait is bounded by {@link RuntimeConfig#sessionRefreshWait()}; when it
 * passes, the loop carries on with the session it has and leaves the rest to storage.
 *
 * <p><b>Threads and locks.</b> Loop thread only: its wait is one that a stop interrupts ({@link
 * StopControl#enterWait}). No lock of its own; the heartbeat runs on the liveness thread.
 */
final class SessionRefresh {

  private static final Logger log = LoggerFactory.getLogger(SessionRefresh.class);

  private final LivenessHeartbeat liveness;
  private final Membership membership;
  private final StopControl stop;
  private final Duration maxWait;

  SessionRefresh(
      LivenessHeartbeat liveness, Membership membership, StopControl stop, Duration maxWait) {
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
  }

  /**
   * Asks for the heartbeat and waits up to the refresh wait for it to end.
   *
   * @return false on a stop; true when the heartbeat ended or the wait passed
   */
  boolean await() {
    CompletableFuture<Void> refreshed = liveness.refresh();
    if (!stop.enterWait()) {
      return false;
    }
    try {
      refreshed.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      log.warn(
          "the liveness heartbeat asked for did not complete within {}; carrying on with {}",
          maxWait,
          membership.current());
      return true;
    } catch (ExecutionException e) {
      throw new IllegalStateException("refresh futures never fail, yet", e);
    } catch (InterruptedException e) {
      stop.onLoopInterrupted();
      return false;
    } finally {
      stop.leaveWait();
    }
  }
}
