package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import dev.spider.tests.executor.PackageCopies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, recycling, package updates and shutdown of the pool. */
class PoolLifecycleTest {

  @Test
  void aMissingJavaBinaryIsAPoolException(@TempDir Path dir) {
    PoolException e =
        assertThrows(PoolException.class,
            () -> ExecutorPool.start(Pools.config(1).javaBinary(dir.resolve("no-java")).build()));
    assertTrue(e.getMessage().contains("no-java"), e.getMessage());
  }

  @Test
  void executorsDyingBeforeTheirHelloFailTheStartWithTheirStderr() {
    PoolException e =
        assertThrows(PoolException.class,
            () -> ExecutorPool.start(Pools.config(2).extraJvmOptions(List.of("-XX:+NoSuchJvmFlag")).build()));
    assertTrue(e.getMessage().contains("NoSuchJvmFlag"), e.getMessage());
  }

  @Test
  void anExecutorWithoutAHelloIsKilledAfterTheStartupDeadline(@TempDir Path dir) throws Exception {
    Path silent = dir.resolve("silent-java");
    Files.writeString(silent, "#!/bin/sh\necho \"started $$\" >&2\nexec sleep 600\n");
    Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Pools.Lines lines = new Pools.Lines();
    long start = System.nanoTime();
    PoolException e =
        assertThrows(PoolException.class,
            () -> ExecutorPool.start(
                Pools.config(1).javaBinary(silent).startupTimeout(Duration.ofSeconds(1)).logSink(lines).build()));
    assertTrue(e.getMessage().contains("no Hello within"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    long pid = Long.parseLong(lines.lines.get(0).replace("started ", ""));
    assertTrue(Pools.gone(pid, Duration.ofSeconds(5)), "the silent executor was killed");
  }

  @Test
  void executorsAreRecycledAfterTheirMaximumTaskCount() throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).maxTasksPerExecutor(2).build())) {
      long first = pool.executorPids().get(0);
      servesANormalTask(pool);
      servesANormalTask(pool);
      servesANormalTask(pool); // runs on the replacement
      long second = awaitSingleExecutor(pool);
      assertNotEquals(first, second);
      assertTrue(Pools.gone(first, Duration.ofSeconds(10)), "the retired executor exited");
    }
  }

  @Test
  void executorsAreRecycledPastTheResidentMemoryCeiling() throws Exception {
    // Any JVM is above 1 MiB resident: the executor is replaced after every task.
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).maxResidentBytes(1 << 20).build())) {
      long first = pool.executorPids().get(0);
      servesANormalTask(pool);
      servesANormalTask(pool);
      assertNotEquals(first, awaitSingleExecutor(pool));
    }
  }

  @Test
  void aRedeployedPackageTakesEffectWithoutARestart(@TempDir Path dir) throws Exception {
    Path packages = Files.createDirectory(dir.resolve("packages"));
    PackageCopies.copy(TestEnvironment.packagesDir(), "isolation_v1", packages);
    PackageCopies.copy(TestEnvironment.packagesDir(), "integration_test_tasks", packages);
    Path jar = packages.resolve("isolation_v1/isolation_v1.jar");
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1, packages).build())) {
      Outcome before = pool.execute(request("isolation_v1", "library_version"), GENEROUS);
      assertEquals("msgpack-core-0.8.24.jar",
          Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, before).outputs(), String.class));
      long executor = pool.executorPids().get(0);

      // Redeploy: the new library version under a temporary name, renamed into place atomically.
      Path lib = packages.resolve("isolation_v1/lib");
      Files.copy(TestEnvironment.packagesDir().resolve("isolation_v2/lib/msgpack-core-0.9.8.jar"),
          lib.resolve("msgpack-core-0.9.8.jar"));
      Files.delete(lib.resolve("msgpack-core-0.8.24.jar"));
      Path staged = packages.resolve("isolation_v1/.isolation_v1.jar.new");
      Files.copy(jar, staged);
      Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

      String after = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!after.equals("msgpack-core-0.9.8.jar") && System.nanoTime() < deadline) {
        Outcome outcome = pool.execute(request("isolation_v1", "library_version"), GENEROUS);
        after = Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, outcome).outputs(), String.class);
      }
      assertEquals("msgpack-core-0.9.8.jar", after);
      assertNotEquals(executor, awaitSingleExecutor(pool), "the executor was replaced");
    }
  }

  @Test
  void closeLeavesNoExecutorBehind() throws Exception {
    List<Long> pids;
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(2).build())) {
      servesANormalTask(pool);
      pids = pool.executorPids();
      assertEquals(2, pids.size());
    }
    for (long pid : pids) {
      assertTrue(Pools.gone(pid, Duration.ofSeconds(10)), "executor " + pid + " outlived the pool");
    }
  }

  @Test
  void aClosedPoolRefusesWork() throws Exception {
    ExecutorPool pool = ExecutorPool.start(Pools.config(1).build());
    pool.close();
    PoolException e = assertThrows(PoolException.class, () -> pool.execute(Pools.add(1, 2), GENEROUS));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void aReplacementThatCannotBeSpawnedFailsCallersInsteadOfHangingThem(@TempDir Path dir) throws Exception {
    // A java that works once: the script deletes itself, so spawning the replacement fails.
    Path once = dir.resolve("java-once");
    Files.writeString(once, "#!/bin/sh\nrm -f \"$0\"\nexec '" + TestEnvironment.javaBinary() + "' \"$@\"\n");
    Files.setPosixFilePermissions(once, PosixFilePermissions.fromString("rwx------"));
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).javaBinary(once).build())) {
      servesANormalTask(pool);
      long pid = pool.executorPids().get(0);
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      assertTrue(Pools.gone(pid, Duration.ofSeconds(5)));
      PoolException e = assertThrows(PoolException.class, () -> pool.execute(Pools.add(1, 2), GENEROUS));
      assertTrue(e.getMessage().contains("cannot spawn"), e.getMessage());
    }
  }

  @Test
  void aRequestLargerThanAFrameIsRefusedWithoutHarmingAnExecutor() throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).maxFrameBytes(16 << 10).build())) {
      servesANormalTask(pool);
      long pid = pool.executorPids().get(0);
      Outcome outcome = pool.execute(
          request("integration_test_tasks", "echo_bytes", Tdl.encode(byte[].class, new byte[20_000])), GENEROUS);
      Outcome.InTaskFailure failure = assertInstanceOf(Outcome.InTaskFailure.class, outcome);
      assertEquals(dev.spider.protocol.ErrorKind.INVALID_REQUEST, failure.error().kind());
      assertTrue(failure.error().message().contains("maximum frame size"), failure.error().message());
      servesANormalTask(pool);
      assertEquals(pid, pool.executorPids().get(0), "the executor was not touched");
    }
  }

  @Test
  void callersBeyondThePoolSizeAreServedFirstComeFirstServed() throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).build())) {
      servesANormalTask(pool);
      // Occupy the only executor, then queue callers one after another.
      var blocker = pool.executeAsync(
          request("integration_test_tasks", "sleep_honouring_interrupts", Tdl.encode(Long.class, 1000L)), GENEROUS);
      List<Long> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      List<Thread> callers = new java.util.ArrayList<>();
      for (long i = 0; i < 5; i++) {
        long n = i;
        Thread caller = new Thread(() -> {
          try {
            pool.execute(Pools.add(n, 0), GENEROUS);
            order.add(n);
          } catch (Exception e) {
            order.add(-1L);
          }
        }, "fifo-caller-" + i);
        caller.start();
        callers.add(caller);
        // The next caller starts only once this one waits in line (bounded wait on its state).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (caller.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
      }
      blocker.get(60, java.util.concurrent.TimeUnit.SECONDS);
      for (Thread caller : callers) {
        caller.join(60_000);
      }
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L), order);
    }
  }

  /** The pool's one live executor, once a replacement is ready. */
  private static long awaitSingleExecutor(ExecutorPool pool) throws Exception {
    servesANormalTask(pool); // only returns once an executor served it
    List<Long> pids = pool.executorPids();
    assertEquals(1, pids.size(), pids::toString);
    return pids.get(0);
  }
}
