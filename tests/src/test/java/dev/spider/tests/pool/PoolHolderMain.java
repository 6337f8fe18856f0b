package dev.spider.tests.pool;

import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tests.Tdl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A stand-in manager for the manager-SIGKILL test: starts a pool of two executors, keeps both busy
 * with tasks that never end, prints {@code pids <pid> <pid>} once both tasks run, then waits to be
 * killed.
 *
 * <p>Arguments: executor jar, package directory.
 */
public final class PoolHolderMain {

  private PoolHolderMain() {}

  public static void main(String[] args) throws Exception {
    Pools.Lines lines = new Pools.Lines();
    PoolConfig config =
        PoolConfig.builder(Path.of(args[0]), Path.of(args[1]))
            .size(2)
            .heap("128m")
            .environment(java.util.Map.of(ExecutorEnvironment.LOG_LEVEL, "debug"))
            .logSink(lines)
            .build();
    ExecutorPool pool = ExecutorPool.start(config);
    for (String pkg : new String[] {"integration_test_tasks", "native_test_tasks"}) {
      pool.executeAsync(
          new dev.spider.manager.pool.ExecuteRequest(pkg, "spin_forever", Tdl.indexContext(), Tdl.noInputs()),
          Timeouts.hard(Duration.ofHours(1)));
    }
    for (String pkg : new String[] {"integration_test_tasks", "native_test_tasks"}) {
      if (!lines.await("pkg=" + pkg + " task=spin_forever job=1] start", Duration.ofSeconds(60))) {
        System.out.println("failed: " + pkg + " never started");
        System.exit(1);
      }
    }
    System.out.println(
        "pids " + pool.executorPids().stream().map(String::valueOf).collect(Collectors.joining(" ")));
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
