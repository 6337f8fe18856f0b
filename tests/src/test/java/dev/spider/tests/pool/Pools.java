package dev.spider.tests.pool;

import dev.spider.protocol.process.ExecutorEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Pools over the real executor and the sample packages, for tests. */
final class Pools {

  static final Timeouts GENEROUS = Timeouts.hard(Duration.ofSeconds(60));

  private Pools() {}

  /** Collects every executor stderr line. */
  static final class Lines implements ExecutorLogSink {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<String> dropped = new CopyOnWriteArrayList<>();

    @Override
    public void line(String executorId, String line) {
      synchronized (this) {
        lines.add(line);
        notifyAll();
      }
    }

    /** Waits until a line contains {@code text}; false after {@code within}. */
    synchronized boolean await(String text, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (!contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }

    @Override
    public void droppedLine(String executorId, int maxLineBytes) {
      dropped.add(executorId);
    }

    boolean contains(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }
  }

  static PoolConfig.Builder config(int size) {
    return config(size, TestEnvironment.packagesDir());
  }

  static PoolConfig.Builder config(int size, Path packages) {
    return PoolConfig.builder(TestEnvironment.executorJar(), packages)
        .size(size)
        .heap("256m")
        .shutdownGrace(Duration.ofSeconds(5))
        .environment(java.util.Map.of(ExecutorEnvironment.LOG_LEVEL, "debug"));
  }

  static ExecuteRequest request(String pkg, String task, byte[]... inputs) {
    return new ExecuteRequest(pkg, task, Tdl.indexContext(), Tdl.inputs(inputs));
  }

  static ExecuteRequest add(long a, long b) {
    return request("integration_test_tasks", "add", Tdl.encode(Long.class, a), Tdl.encode(Long.class, b));
  }

  /** Runs a normal task and checks its result: the pool still serves after whatever came before. */
  static void servesANormalTask(ExecutorPool pool) throws Exception {
    Outcome outcome = pool.execute(add(40, 2), GENEROUS);
    assertTrue(outcome instanceof Outcome.Success, () -> "normal task after the row: " + outcome);
    assertEquals(42L, Tdl.singleOutput(((Outcome.Success) outcome).outputs(), Long.class));
  }

  /** Processes whose process group is {@code pgid}, read from /proc. */
  static List<Long> processGroupMembers(long pgid) {
    List<Long> members = new java.util.ArrayList<>();
    java.io.File[] entries = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
    if (entries == null) {
      return members;
    }
    for (java.io.File entry : entries) {
      try {
        String stat = java.nio.file.Files.readString(entry.toPath().resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (Long.parseLong(fields[2]) == pgid) {
          members.add(Long.parseLong(entry.getName()));
        }
      } catch (java.io.IOException | RuntimeException e) {
        // The process ended while we looked; it is not a member.
      }
    }
    return members;
  }

  /** Waits until no process is left in process group {@code pgid}. */
  static boolean groupGone(long pgid, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!processGroupMembers(pgid).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    return true;
  }

  /** Waits until {@code pid} is gone. */
  static boolean gone(long pid, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(50, java.util.concurrent.TimeUnit.MILLISECONDS)
          .exceptionally(t -> null).join());
    }
    return true;
  }
}
