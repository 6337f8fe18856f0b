package dev.spider.manager.pool;

import com.google.common.base.Stopwatch;
import com.google.common.base.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The packages one executor has run tasks of, with the {@link PackageStamp} each had on disk then,
 * so the pool can tell when one was redeployed and retire the executor (docs/process-pool.md).
 *
 * <p>Checking reads file attributes, so it happens at most once per {@link #CHECK_INTERVAL}; a
 * redeployment is seen by the first check after it. Not thread-safe: confined to the caller that
 * owns the executor, handed over with it through the pool's idle queue.
 */
final class PackageWatch {

  static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

  private final Path packageDir;
  private final Map<String, PackageStamp> stamps = new LinkedHashMap<>();
  // Unstarted until the first check, so the first check is never skipped.
  private final Stopwatch sinceCheck;

  PackageWatch(Path packageDir) {
    this(packageDir, Ticker.systemTicker());
  }

  PackageWatch(Path packageDir, Ticker ticker) {
    this.packageDir = Objects.requireNonNull(packageDir, "packageDir");
    this.sinceCheck = Stopwatch.createUnstarted(ticker);
  }

  /** Remembers how {@code packageName} looks on disk now, unless it is watched already. */
  void record(String packageName) {
    stamps.computeIfAbsent(packageName, name -> PackageStamp.of(packageDir, name));
  }

  /** Whether {@code packageName} is watched. */
  boolean watches(String packageName) {
    return stamps.containsKey(packageName);
  }

  /**
   * The first watched package that changed on disk since it was recorded; empty when none did, or
   * when the last check was less than {@link #CHECK_INTERVAL} ago.
   */
  Optional<String> changed() {
    if (stamps.isEmpty()
        || (sinceCheck.isRunning() && sinceCheck.elapsed().compareTo(CHECK_INTERVAL) < 0)) {
      return Optional.empty();
    }
    return changedNow();
  }

  /**
   * The first watched package that changed on disk since it was recorded, looked up now whenever
   * the last check was: for a spare about to be handed out, where a stale answer costs a task run
   * on old code.
   */
  Optional<String> changedNow() {
    sinceCheck.reset().start();
    for (Map.Entry<String, PackageStamp> e : stamps.entrySet()) {
      if (!PackageStamp.of(packageDir, e.getKey()).equals(e.getValue())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }
}
