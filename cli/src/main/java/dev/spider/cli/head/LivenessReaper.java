package dev.spider.cli.head;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.manager.client.ExecutionManagerId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares silent execution managers dead, as upstream's storage does on its garbage-collection
 * cycle: every half cut-off, so a manager is declared dead at most one and a half cut-offs after it
 * was last heard from ({@link EmbeddedCluster#reapSilentManagers}).
 *
 * <p>Thread-safe. It runs on one thread of its own, {@code spider-head-reaper}, which {@link
 * #close} stops, waiting for it at most {@link #CLOSE_TIMEOUT}.
 */
final class LivenessReaper implements AutoCloseable {

  /** The longest {@link #close} waits for a check in progress. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(LivenessReaper.class);

  private final ScheduledExecutorService timer;

  private LivenessReaper(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts checking {@code cluster} every half {@code cutoff}. */
  static LivenessReaper start(EmbeddedCluster cluster, Duration cutoff) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(cutoff, "cutoff");
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("spider-head-reaper").setDaemon(true).build());
    long periodNanos = Math.max(1, cutoff.toNanos() / 2);
    timer.scheduleWithFixedDelay(
        () -> reap(cluster, cutoff), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    return new LivenessReaper(timer);
  }

  private static void reap(EmbeddedCluster cluster, Duration cutoff) {
    try {
      List<ExecutionManagerId> dead = cluster.reapSilentManagers(cutoff);
      log.debug("liveness check: {} execution manager(s) declared dead", dead.size());
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log it and check on the next tick.
      log.error("checking execution-manager liveness failed (a bug of the head)", e);
    }
  }

  /** Stops checking; waits, bounded, for a check in progress. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("the liveness reaper did not stop within {}", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
