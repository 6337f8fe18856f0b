package dev.spider.manager.pool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An executor failed to start: it could not be spawned, sent no Hello within the start-up deadline,
 * sent a bad one, or died first (for a spare: also while it loaded the pool's recent packages). The
 * {@link #report()} carries what it wrote to stderr; the pool retries the slot with backoff
 * (docs/process-pool.md). Immutable.
 */
final class StartupFailure extends Exception {

  private static final long serialVersionUID = 1L;

  // Transient: the exception never leaves the pool, let alone the JVM.
  private final transient CrashReport report;

  StartupFailure(CrashReport report) {
    super(report.summary());
    this.report = Objects.requireNonNull(report, "report");
  }

  /** The process could not even be started (no such binary, no permission, no memory). */
  static StartupFailure cannotSpawn(String executorId, String why) {
    return new StartupFailure(
        new CrashReport(
            executorId,
            -1,
            why,
            OptionalInt.empty(),
            OptionalInt.empty(),
            List.of(),
            Optional.empty()));
  }

  /** A started executor given up on before it was ready, for {@code why}; nothing else known. */
  static StartupFailure gaveUp(String executorId, long pid, String why) {
    return new StartupFailure(
        new CrashReport(
            executorId,
            pid,
            why,
            OptionalInt.empty(),
            OptionalInt.empty(),
            List.of(),
            Optional.empty()));
  }

  CrashReport report() {
    return report;
  }
}
