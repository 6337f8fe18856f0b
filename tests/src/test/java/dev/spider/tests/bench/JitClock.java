package dev.spider.tests.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * The time this JVM's JIT spent compiling, lap by lap, by the JVM's own approximate account (in
 * milliseconds; a compilation counts when it ends). Not thread-safe: one owner.
 */
final class JitClock {

  private final CompilationMXBean compiler;
  private long lastMillis;

  private JitClock(CompilationMXBean compiler) {
    this.compiler = compiler;
    this.lastMillis = compiler.getTotalCompilationTime();
  }

  /** A clock started now, or empty when this JVM keeps no such account. */
  static Optional<JitClock> start() {
    CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
    return bean != null && bean.isCompilationTimeMonitoringSupported()
        ? Optional.of(new JitClock(bean))
        : Optional.empty();
  }

  /** The compiling time since the last lap, or since the clock started. */
  Duration lap() {
    long now = compiler.getTotalCompilationTime();
    Duration lap = Duration.ofMillis(now - lastMillis);
    lastMillis = now;
    return lap;
  }
}
