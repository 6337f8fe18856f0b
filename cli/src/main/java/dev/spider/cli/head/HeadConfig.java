package dev.spider.cli.head;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link Head} listens and when it declares an execution manager dead.
 *
 * <p>Immutable.
 *
 * @param bind the address both services listen on
 * @param storagePort the storage services' port; 0 picks a free one ({@link Head#storageAddress()}
 *     tells which)
 * @param schedulerPort the scheduler service's port; 0 picks a free one
 * @param livenessCutoff how long an execution manager may be silent before it is declared dead; the
 *     head checks at least every half of it
 */
public record HeadConfig(
    InetAddress bind, int storagePort, int schedulerPort, Duration livenessCutoff) {

  /** Upstream's storage port. */
  public static final int DEFAULT_STORAGE_PORT = 50051;

  /** Upstream's scheduler port. */
  public static final int DEFAULT_SCHEDULER_PORT = 50052;

  /** Upstream's {@code execution_manager_stale_cutoff_sec}: 60 s. */
  public static final Duration DEFAULT_LIVENESS_CUTOFF = Duration.ofSeconds(60);

  /**
   * @throws IllegalArgumentException when a port is outside 0..65535, both ports are the same
   *     non-zero port, or the cut-off is not positive
   */
  public HeadConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(livenessCutoff, "livenessCutoff");
    checkPort("storage", storagePort);
    checkPort("scheduler", schedulerPort);
    if (storagePort != 0 && storagePort == schedulerPort) {
      throw new IllegalArgumentException(
          "the storage and scheduler ports are both "
              + storagePort
              + "; the two services need a port each");
    }
    if (livenessCutoff.isZero() || livenessCutoff.isNegative()) {
      throw new IllegalArgumentException(
          "the liveness cut-off must be positive, got " + livenessCutoff);
    }
  }

  /** Upstream's ports and cut-off on {@code bind}. */
  public static HeadConfig defaults(InetAddress bind) {
    return new HeadConfig(
        bind, DEFAULT_STORAGE_PORT, DEFAULT_SCHEDULER_PORT, DEFAULT_LIVENESS_CUTOFF);
  }

  private static void checkPort(String service, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "the " + service + " port must be 0 to 65535 (0 picks a free port), got " + port);
    }
  }
}
