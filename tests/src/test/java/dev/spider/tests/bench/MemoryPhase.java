package dev.spider.tests.bench;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tests.Tdl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The memory rows (docs/benchmark.md): the resident set of an idle executor, and of one executor
 * (and of the manager, the harness JVM) along a long run of tiny {@code add} tasks, with the drift
 * between the first and the last sample. Resident sizes are {@code VmRSS} of {@code
 * /proc/<pid>/status}: anonymous memory plus the mapped files' pages in memory (the JVM library,
 * the class-data archives, the jars), which other executors share.
 *
 * <p>Single-threaded; every pool it starts is closed before it returns.
 */
final class MemoryPhase {

  private static final Timeouts GENEROUS = Timeouts.hard(Duration.ofSeconds(30));
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final int DRIFT_SAMPLES = 10;

  private final IntFunction<PoolConfig> config;
  private final List<ExecuteRequest> firstTasks;

  /**
   * @param config the pool configuration of a given size
   * @param firstTasks the tasks an executor runs before its idle RSS is read
   */
  MemoryPhase(IntFunction<PoolConfig> config, List<ExecuteRequest> firstTasks) {
    this.config = config;
    this.firstTasks = List.copyOf(firstTasks);
  }

  void run(Report report, int idleRuns, int driftTasks) throws Exception {
    Distribution idle = new Distribution();
    for (int i = 0; i < idleRuns; i++) {
      try (ExecutorPool pool = ExecutorPool.start(config.apply(1))) {
        for (ExecuteRequest task : firstTasks) {
          success(pool.execute(task, GENEROUS), task);
        }
        long pid = pool.executorPids().get(0);
        Thread.sleep(IDLE.toMillis()); // a measured idle period, not a wait for a condition
        idle.add(residentMegabytes(pid));
      }
    }
    report.add(Measurement.IDLE_EXECUTOR_RSS, idle);

    Distribution executor = new Distribution();
    Distribution manager = new Distribution();
    double first = 0;
    double last = 0;
    try (ExecutorPool pool = ExecutorPool.start(config.apply(1))) {
      long pid = pool.executorPids().get(0);
      // The JIT compiles the task path during the first tens of thousands of tasks; its transient
      // memory is not what the drift is about, so a fifth of the run goes first, unsampled.
      for (int i = 0; i < driftTasks / 5; i++) {
        ExecuteRequest add = add(-i, 1);
        success(pool.execute(add, GENEROUS), add);
      }
      int every = driftTasks / DRIFT_SAMPLES;
      for (int i = 1; i <= driftTasks; i++) {
        ExecuteRequest add = add(i, 1);
        success(pool.execute(add, GENEROUS), add);
        if (i % every == 0) {
          if (pool.executorPids().get(0) != pid) {
            throw new IllegalStateException(
                "the executor was replaced during the drift run: " + pool.executorPids());
          }
          last = residentMegabytes(pid);
          first = executor.count() == 0 ? last : first;
          executor.add(last);
          manager.add(residentMegabytes(ProcessHandle.current().pid()));
        }
      }
    }
    report.add(Measurement.EXECUTOR_RSS, executor);
    Distribution drift = new Distribution();
    drift.add((last / first - 1) * 100);
    report.add(Measurement.EXECUTOR_RSS_DRIFT, drift);
    report.add(Measurement.MANAGER_RSS, manager);
  }

  /** {@code VmRSS} of process {@code pid}, in MB (2^20 bytes). */
  static double residentMegabytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        String kilobytes = line.substring("VmRSS:".length()).strip().split("\\s+")[0];
        return Long.parseLong(kilobytes) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }

  private static ExecuteRequest add(long a, long b) {
    return new ExecuteRequest(
        OverheadBenchmark.JAR_PACKAGE,
        "add",
        Tdl.indexContext(),
        Tdl.inputs(Tdl.encode(Long.class, a), Tdl.encode(Long.class, b)));
  }

  private static void success(Outcome outcome, ExecuteRequest request) {
    if (!(outcome instanceof Outcome.Success)) {
      throw new IllegalStateException(request + " gave " + outcome);
    }
  }
}
