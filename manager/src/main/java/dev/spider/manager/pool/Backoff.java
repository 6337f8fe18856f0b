package dev.spider.manager.pool;

import java.time.Duration;

/**
 * How long to wait before the next attempt to start an executor after failed starts in a row: 100
 * ms doubling to 30 s (docs/process-pool.md), so a broken installation does not spin the CPU. Used
 * by slots and by spares alike. Stateless and thread-safe.
 */
final class Backoff {

  static final Duration MIN = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(30);

  /** Past this many doublings the backoff is at its maximum anyway; stops the shift overflowing. */
  private static final int MAX_DOUBLINGS = 20;

  private Backoff() {}

  /** The wait after {@code failuresInARow} (at least 1) failed starts. */
  static Duration after(int failuresInARow) {
    int doublings = Math.min(MAX_DOUBLINGS, Math.max(0, failuresInARow - 1));
    return Duration.ofMillis(Math.min(MAX.toMillis(), MIN.toMillis() << doublings));
  }
}
