package dev.spider.tests.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pools over the real executor and the sample packages, and the requests and bounded waits that the
 * pool tests share. Every wait blocks on the awaited process's exit with a deadline.
 *
 * <p>Stateless; thread-safe.
 */
final class Pools {

  private static final Duration GONE_SLICE = Duration.ofMillis(50);

  /** The process id of the one live executor of a pool of one; fails when there is not one. */
  static long onlyExecutorPid(ExecutorPool pool) {
    List<Long> pids = pool.executorPids();
    assertEquals(1, pids.size(), "one live executor");
    return pids.get(0);
  }

  /** Far beyond any test task's run time: reaching it means the test failed. */
  static final Timeouts GENEROUS = Timeouts.hard(Duration.ofSeconds(60));

  private Pools() {}

  static PoolConfig.Builder config(int size) {
    return config(size, TestEnvironment.packagesDir());
  }

  /** A pool of {@code size} test executors over {@code packages}, logging each task's start. */
  static PoolConfig.Builder config(int size, Path packages) {
    return PoolConfig.builder(TestEnvironment.executorJar(), packages)
        .size(size)
        .heap(TestEnvironment.EXECUTOR_HEAP)
        .shutdownGrace(Duration.ofSeconds(5))
        .environment(Map.of(ExecutorEnvironment.LOG_LEVEL, "debug"));
  }

  static ExecuteRequest request(String pkg, String task, byte[]... inputs) {
    return new ExecuteRequest(pkg, task, Tdl.indexContext(), Tdl.inputs(inputs));
  }

  static ExecuteRequest add(long a, long b) {
    return request(
        SamplePackages.JAR_TASKS, "add", Tdl.encode(Long.class, a), Tdl.encode(Long.class, b));
  }

  /** Runs {@code request}, which must succeed with one String output, and returns that output. */
  static String stringOutput(ExecutorPool pool, ExecuteRequest request) throws Exception {
    Outcome outcome = pool.execute(request, GENEROUS);
    return Tdl.singleOutput(
        assertInstanceOf(Outcome.Success.class, outcome, outcome::toString).outputs(),
        String.class);
  }

  /** Runs a normal task and checks its result: the pool still serves after whatever came before. */
  static void servesANormalTask(ExecutorPool pool) throws Exception {
    long a = 40;
    long b = 2;
    Outcome outcome = pool.execute(add(a, b), GENEROUS);
    Outcome.Success success =
        assertInstanceOf(
            Outcome.Success.class, outcome, () -> "normal task after the row: " + outcome);
    assertEquals(a + b, Tdl.singleOutput(success.outputs(), Long.class));
  }

  /**
   * Whether process {@code pid} is gone within {@code within}. A zombie that is not this JVM's
   * child counts as gone: it has exited and only waits to be reaped — by whatever adopted it once
   * its parent died, which on some machines (a container's own init) happens late. A child of this
   * JVM is gone only once reaped, since the pool learns of its exit from the reaping. {@link
   * ProcessHandle#onExit()} of a process that is not our child is itself a poll (every 300 ms and
   * more), so the wait is in short slices.
   */
  static boolean gone(long pid, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty()
          || !process.get().isAlive()
          || (!isOurChild(process.get()) && isZombie(pid))) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        process.get().onExit().get(Math.min(left, GONE_SLICE.toNanos()), TimeUnit.NANOSECONDS);
        return true;
      } catch (TimeoutException e) {
        // look again: it may have become a zombie meanwhile
      } catch (ExecutionException e) {
        throw new AssertionError("waiting for the exit of pid " + pid + " failed", e.getCause());
      }
    }
  }

  private static boolean isOurChild(ProcessHandle process) {
    return process.parent().map(ProcessHandle.current()::equals).orElse(false);
  }

  /** Whether /proc says {@code pid} is a zombie (state Z); false when it cannot be read. */
  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The state follows the command name, which is in parentheses and may contain spaces.
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether no process is left in process group {@code pgid} within {@code within}: waits for the
   * exit of each member in turn, then looks again for members started meanwhile.
   */
  static boolean groupGone(long pgid, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<Long> members = processGroupMembers(pgid);
      if (members.isEmpty()) {
        return true;
      }
      for (long member : members) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !gone(member, Duration.ofNanos(left))) {
          return false;
        }
      }
    }
  }

  /** The processes whose process group is {@code pgid}, read from /proc. */
  private static List<Long> processGroupMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : entries) {
        processGroup(entry)
            .filter(group -> group == pgid)
            .ifPresent(group -> members.add(Long.parseLong(entry.getFileName().toString())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc to find process group " + pgid, e);
    }
    return members;
  }

  /** The process group of the process of /proc entry {@code entry}; empty if it is gone. */
  private static Optional<Long> processGroup(Path entry) {
    String stat;
    try {
      stat = Files.readString(entry.resolve("stat"));
    } catch (IOException e) {
      return Optional.empty(); // the process ended while we looked: it is no member
    }
    // Fields after "(comm)", which may itself hold spaces: state, ppid, pgrp, ...
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Optional.of(Long.parseLong(fields[2]));
  }
}
