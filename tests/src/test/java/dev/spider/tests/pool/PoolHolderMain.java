package dev.spider.tests.pool;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stand-in manager for the manager-SIGKILL test: starts a pool of two executors, keeps both busy
 * with tasks that never end, prints {@code pids <pid> <pid>} once both tasks run, then waits to be
 * killed (giving up after a bound, should the test be gone).
 *
 * <p>Arguments: executor jar, package directory. Runs in a JVM of its own; single-threaded.
 */
public final class PoolHolderMain {

  /** Small: the executors only spin, and run beside the test JVM's own. */
  private static final String HEAP = "128m";

  /** Starts the line that names the executors' pids, separated by spaces. */
  static final String PIDS = "pids ";

  private static final String TASK = "spin_forever";

  /** Far beyond the test's wait: only a stand-in orphaned by a dead test run gets there. */
  private static final Duration LIFETIME = Duration.ofMinutes(10);

  private PoolHolderMain() {}

  public static void main(String[] args) throws Exception {
    List<String> packages = List.of(SamplePackages.JAR_TASKS, SamplePackages.NATIVE_TASKS);
    ForwardedLog log = new ForwardedLog();
    PoolConfig config =
        PoolConfig.builder(Path.of(args[0]), Path.of(args[1]))
            .size(packages.size())
            .heap(HEAP)
            .environment(Map.of(ExecutorEnvironment.LOG_LEVEL, "debug"))
            .logSink(log)
            .build();
    ExecutorPool pool = ExecutorPool.start(config);
    for (String pkg : packages) {
      pool.executeAsync(
          new ExecuteRequest(pkg, TASK, Tdl.indexContext(), Tdl.noInputs()),
          Timeouts.hard(Duration.ofHours(1)));
    }
    for (String pkg : packages) {
      if (log.await(ExecutorLogText.taskStart(pkg, TASK), Duration.ofSeconds(60)).isEmpty()) {
        System.out.println("failed: " + pkg + " never started");
        System.exit(1);
      }
    }
    System.out.println(
        PIDS + pool.executorPids().stream().map(String::valueOf).collect(Collectors.joining(" ")));
    System.out.flush();
    Thread.currentThread().join(LIFETIME.toMillis()); // until killed
    System.out.println("failed: not killed within " + LIFETIME);
    System.exit(1);
  }
}
