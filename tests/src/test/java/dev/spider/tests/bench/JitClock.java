package dev.spider.tests.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * The time this JVM's JIT spent compiling, lap by lap (the JVM's own approximate account, in
 * milliseconds). Where the JVM keeps no such account every lap is zero and {@link #describe} says
 * so. Not thread-safe: one owner.
 */
final class JitClock {

  private final Optional<CompilationMXBean> compiler;
  private long lastMillis;

  JitClock() {
    CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
    this.compiler =
        bean != null && bean.isCompilationTimeMonitoringSupported()
            ? Optional.of(bean)
            : Optional.empty();
    this.lastMillis = total();
  }

  /** The compiling time since the last lap (or since this clock was made). */
  Duration lap() {
    long now = total();
    Duration lap = Duration.ofMillis(now - lastMillis);
    lastMillis = now;
    return lap;
  }

  /** A lap for the report: its milliseconds, or why there are none. */
  String describe(Duration lap) {
    return compiler.isPresent() ? lap.toMillis() + " ms" : "an unknown time (not monitored)";
  }

  private long total() {
    return compiler.map(CompilationMXBean::getTotalCompilationTime).orElse(0L);
  }
}
