package dev.spider.tests.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Sample counts and durations of one benchmark run. {@link #full} is the documented run (well under
 * five minutes on a 2-core machine); {@link #smoke} is the few-second run the normal test suite
 * makes so the harness cannot rot.
 *
 * @param mode "full" or "smoke", also the name of the table file ({@code overhead.md} or {@code
 *     overhead-smoke.md})
 * @param warmup steady-state requests run and discarded before sampling (JIT, caches), at least; 1
 *     or more (the first checks the echo)
 * @param maxWarmup the most warm-up requests: past {@code warmup}, the warm-up goes on until the
 *     harness JVM's JIT is quiet (OverheadBenchmark, "warm-up"), up to this many
 * @param samples steady-state samples of the JAR task, and of the native task
 * @param floorRoundTrips timed round trips of the C ping-pong floor
 * @param spawnRuns pools started for spawn → Hello (and the cold first task)
 * @param crashRuns executors crashed for crash → next task started
 * @param timeoutRuns runs per package of a task that never returns, for timeout accuracy
 * @param hardTimeout the hard timeout of those runs
 * @param throughputWarmup untimed tiny tasks per executor before a throughput run
 * @param throughputRun how long each throughput run lasts
 * @param clusterTasks tasks of the cluster phase's fan-out job
 * @param memoryRuns pools whose executor's idle RSS is sampled
 * @param driftTasks {@code add} tasks of the RSS drift run (100 000 in the full run, as the memory
 *     goal asks)
 * @param outputDir where the table is written
 */
record BenchSettings(
    String mode,
    int warmup,
    int maxWarmup,
    int samples,
    int floorRoundTrips,
    int spawnRuns,
    int crashRuns,
    int timeoutRuns,
    Duration hardTimeout,
    int throughputWarmup,
    Duration throughputRun,
    int clusterTasks,
    int memoryRuns,
    int driftTasks,
    Path outputDir) {

  /** System property choosing the mode: {@code full} (default) or {@code smoke}. */
  static final String MODE_PROPERTY = "spider.bench.mode";

  /** System property overriding the steady-state sample count of either mode (blank: none). */
  static final String SAMPLES_PROPERTY = "spider.bench.samples";

  /** System property naming the output directory (the build passes {@code target/bench}). */
  static final String DIR_PROPERTY = "spider.bench.dir";

  BenchSettings {
    if (warmup < 1 || maxWarmup < warmup) {
      throw new IllegalArgumentException(
          "the warm-up takes at least 1 request (the echo check) and at most maxWarmup: " + this);
    }
    if (samples < 1
        || floorRoundTrips < 1
        || spawnRuns < 1
        || crashRuns < 1
        || timeoutRuns < 1
        || throughputWarmup < 0
        || clusterTasks < 1
        || memoryRuns < 1
        || driftTasks < 10) {
      throw new IllegalArgumentException("sample counts must be positive: " + this);
    }
  }

  static BenchSettings full(Path outputDir) {
    return new BenchSettings(
        "full",
        3000,
        40_000,
        5000,
        20_000,
        40,
        10,
        10,
        Duration.ofMillis(200),
        2000,
        Duration.ofSeconds(5),
        1000,
        5,
        100_000,
        outputDir);
  }

  static BenchSettings smoke(Path outputDir) {
    return new BenchSettings(
        "smoke",
        100,
        100,
        200,
        1000,
        1,
        1,
        1,
        Duration.ofMillis(200),
        50,
        Duration.ofMillis(200),
        20,
        1,
        3000,
        outputDir);
  }

  /** The settings the system properties ask for; see the constants. */
  static BenchSettings fromSystemProperties() {
    String dir = System.getProperty(DIR_PROPERTY, "target/bench");
    String mode = System.getProperty(MODE_PROPERTY, "full");
    BenchSettings settings =
        switch (mode) {
          case "full" -> full(Path.of(dir));
          case "smoke" -> smoke(Path.of(dir));
          default ->
              throw new IllegalArgumentException(
                  MODE_PROPERTY + " must be full or smoke, got '" + mode + "'");
        };
    String samples = System.getProperty(SAMPLES_PROPERTY, "");
    return samples.isBlank() ? settings : settings.withSamples(Integer.parseInt(samples.strip()));
  }

  BenchSettings withSamples(int count) {
    return new BenchSettings(
        mode,
        warmup,
        maxWarmup,
        count,
        floorRoundTrips,
        spawnRuns,
        crashRuns,
        timeoutRuns,
        hardTimeout,
        throughputWarmup,
        throughputRun,
        clusterTasks,
        memoryRuns,
        driftTasks,
        outputDir);
  }

  Path tableFile() {
    return outputDir.resolve(mode.equals("full") ? "overhead.md" : "overhead-" + mode + ".md");
  }
}
