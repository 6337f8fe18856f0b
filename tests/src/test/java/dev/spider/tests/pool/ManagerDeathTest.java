package dev.spider.tests.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Nothing a task started outlives its manager, even a SIGKILLed one (docs/task-sandbox.md, "Child
 * processes"): a stand-in manager in a JVM of its own runs {@code spawn_sleepers} and then keeps
 * its executor busy; the test SIGKILLs it and waits, bounded, until the executor and every sleeper
 * are gone.
 */
class ManagerDeathTest {

  private static final int SLEEPERS = 3;

  /** Generous for a loaded machine; the executor acts the moment its stdin ends. */
  private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

  @Test
  void processesTasksStartedDieWithTheManager() throws Exception {
    try (StandInManager manager =
        StandInManager.start(SleeperHolderMain.class, SleeperHolderMain.PIDS)) {
      assertEquals(1 + SLEEPERS, manager.pids().size(), "executor and sleepers: " + manager.pids());
      for (long pid : manager.pids()) {
        assertTrue(ProcessHandle.of(pid).isPresent(), "pid " + pid + " runs before the kill");
      }
      manager.killAndAssertAllGoneWithin(GONE_WITHIN);
    }
  }

  /**
   * The stand-in manager: a pool of one executor runs {@code spawn_sleepers}, then {@code
   * spin_forever}; once that runs it prints {@code pids <executor> <sleeper>...} and waits to be
   * killed (giving up after a bound, should the test be gone). Arguments: executor jar, package
   * directory. Single-threaded.
   */
  public static final class SleeperHolderMain {

    static final String PIDS = "pids ";

    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private SleeperHolderMain() {}

    public static void main(String[] args) throws Exception {
      ForwardedLog log = new ForwardedLog();
      PoolConfig config =
          PoolConfig.builder(Path.of(args[0]), Path.of(args[1]))
              .size(1)
              .heap("128m")
              .environment(Map.of(ExecutorEnvironment.LOG_LEVEL, "debug"))
              .logSink(log)
              .build();
      ExecutorPool pool = ExecutorPool.start(config);
      Outcome spawned =
          pool.execute(
              new ExecuteRequest(
                  SamplePackages.HOSTILE_TASKS,
                  "spawn_sleepers",
                  Tdl.indexContext(),
                  Tdl.inputs(Tdl.encode(Long.class, (long) SLEEPERS))),
              Timeouts.hard(Duration.ofSeconds(60)));
      if (!(spawned instanceof Outcome.Success success)) {
        System.out.println("failed: spawn_sleepers gave " + spawned);
        System.exit(1);
        return;
      }
      List<Long> sleepers = longs(Tdl.outputs(success.outputs()).get(0));
      String task = "spin_forever";
      pool.executeAsync(
          new ExecuteRequest(SamplePackages.JAR_TASKS, task, Tdl.indexContext(), Tdl.noInputs()),
          Timeouts.hard(Duration.ofHours(1)));
      if (log.await(ExecutorLogText.taskStart(SamplePackages.JAR_TASKS, task), LIFETIME)
          .isEmpty()) {
        System.out.println("failed: " + task + " never started");
        System.exit(1);
      }
      List<Long> pids = new ArrayList<>(pool.executorPids());
      pids.addAll(sleepers);
      System.out.println(
          PIDS + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
      System.out.flush();
      Thread.currentThread().join(LIFETIME.toMillis()); // until killed
      System.out.println("failed: not killed within " + LIFETIME);
      System.exit(1);
    }

    /** A MessagePack array of integers, as spawn_sleepers returns its pids. */
    private static List<Long> longs(byte[] payload) throws IOException {
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
        int n = unpacker.unpackArrayHeader();
        List<Long> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          values.add(unpacker.unpackLong());
        }
        return values;
      }
    }
  }
}
