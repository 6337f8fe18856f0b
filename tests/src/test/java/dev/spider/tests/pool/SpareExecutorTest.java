package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static dev.spider.tests.pool.Pools.stringOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.tests.Poll;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import dev.spider.tests.executor.PackageCopies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's warm spare executor and the races around it (docs/process-pool.md, "The spare"),
 * against real executors: a crash served by the spare at once, a crash while the spare is still
 * starting, two crashes in a row, a spare whose package was redeployed, a spare that dies on its
 * own, and a close while a spare starts.
 */
class SpareExecutorTest {

  /** How long a pool may take to get a spare ready or notice something before the test fails. */
  private static final Duration NOTICE = Duration.ofSeconds(60);

  /** How long the slow java wrapper holds every start after the first. */
  private static final int SLOW_START_SECONDS = 3;

  private final List<ExecutorPool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(ExecutorPool::close);
  }

  private ExecutorPool start(ExecutorPool pool) {
    pools.add(pool);
    return pool;
  }

  @Test
  void aCrashIsServedByTheWarmSpareAtOnce() throws Exception {
    ExecutorPool pool = start(ExecutorPool.start(Pools.config(1).build()));
    servesANormalTask(pool);
    long spare = awaitReadySpare(pool);
    long before = pool.executorPids().get(0);

    crash(pool, before);
    // The slot took the spare before the crash's outcome returned: no wait for a new JVM.
    assertEquals(List.of(spare), pool.executorPids());
    servesANormalTask(pool);
    assertEquals(List.of(spare), pool.executorPids(), "the task ran on the former spare");
    assertNotEquals(spare, awaitReadySpare(pool), "a new spare replaces the one taken");
  }

  @Test
  void aCrashWhileTheSpareIsStillStartingLosesNothing(@TempDir Path dir) throws Exception {
    ExecutorPool pool =
        start(ExecutorPool.start(Pools.config(1).javaBinary(slowAfterFirstStart(dir)).build()));
    servesANormalTask(pool);
    long spare = await(pool::sparePids, "a spare starting").get(0);
    assertEquals(List.of(), pool.readySparePids(), "still starting, for seconds");
    long before = pool.executorPids().get(0);

    crash(pool, before);
    List<CompletableFuture<Outcome>> queued = new ArrayList<>();
    for (long i = 0; i < 3; i++) {
      queued.add(pool.executeAsync(Pools.add(i, 1), GENEROUS));
    }
    for (int i = 0; i < queued.size(); i++) {
      Outcome outcome = queued.get(i).get(NOTICE.toSeconds(), TimeUnit.SECONDS);
      Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome);
      assertEquals(i + 1L, Tdl.singleOutput(success.outputs(), Long.class));
    }
    assertEquals(List.of(spare), pool.executorPids(), "the slot got the spare it waited for");
  }

  @Test
  void twoCrashesInARowAreBothReplaced() throws Exception {
    ExecutorPool pool = start(ExecutorPool.start(Pools.config(1).build()));
    servesANormalTask(pool);
    long spare = awaitReadySpare(pool);
    long first = pool.executorPids().get(0);

    crash(pool, first);
    crash(pool, spare); // at once: the next spare is still on its way, and the slot waits for it
    servesANormalTask(pool);
    List<Long> now = pool.executorPids();
    assertEquals(1, now.size(), now::toString);
    assertFalse(now.contains(first) || now.contains(spare), now::toString);
    assertTrue(Pools.gone(first, NOTICE) && Pools.gone(spare, NOTICE), "both crashed ones gone");
  }

  @Test
  void aSpareWhosePackageWasRedeployedIsNotHandedOutStale(@TempDir Path dir) throws Exception {
    String pkg = SamplePackages.OLDER_LIBRARY_BUNDLE;
    Path packages = Files.createDirectory(dir.resolve("packages"));
    PackageCopies.copy(TestEnvironment.packagesDir(), pkg, packages);
    PackageCopies.copy(TestEnvironment.packagesDir(), SamplePackages.JAR_TASKS, packages);
    ExecuteRequest libraryVersion = request(pkg, "library_version");
    ExecutorPool pool = start(ExecutorPool.start(Pools.config(1, packages).build()));
    assertEquals(SamplePackages.OLDER_LIBRARY, stringOutput(pool, libraryVersion));
    servesANormalTask(pool);
    long lastCheck = System.nanoTime();
    long spare = awaitReadySpare(pool); // has loaded both packages, the old library among them
    long before = pool.executorPids().get(0);

    PackageCopies.redeployNewerLibrary(packages, pkg);
    // The slot's executor is checked for redeployed packages at most every 100 ms
    // (docs/process-pool.md); a spare starts a second after the first task, so this is no wait.
    long sinceCheck = System.nanoTime() - lastCheck;
    LockSupport.parkNanos(Math.max(0, Duration.ofMillis(150).toNanos() - sinceCheck));
    // The redeployment retires the slot's executor, whose slot then turns to the spare: it loaded
    // the old library too, so it must not be handed out.
    assertEquals(
        SamplePackages.NEWER_LIBRARY,
        stringOutput(pool, libraryVersion),
        "the first task after the redeployment runs the new code");
    List<Long> now = pool.executorPids();
    assertFalse(now.contains(spare) || now.contains(before), now::toString);
    assertTrue(Pools.gone(spare, NOTICE), "the stale spare was retired");
    assertTrue(Pools.gone(before, NOTICE), "the stale executor was retired");
  }

  @Test
  void aSpareThatDiesOnItsOwnIsReplaced() throws Exception {
    ExecutorPool pool = start(ExecutorPool.start(Pools.config(1).build()));
    servesANormalTask(pool);
    long spare = awaitReadySpare(pool);

    ProcessHandle.of(spare).orElseThrow().destroyForcibly();
    assertTrue(Pools.gone(spare, NOTICE));
    long next =
        await(
                () -> pool.readySparePids().stream().filter(pid -> pid != spare).toList(),
                "a new spare")
            .get(0);
    crash(pool, pool.executorPids().get(0));
    assertEquals(List.of(next), pool.executorPids(), "the replacement spare took the slot");
    servesANormalTask(pool);
  }

  @Test
  void closingWhileASpareStartsLeavesNoProcess(@TempDir Path dir) throws Exception {
    ExecutorPool pool =
        ExecutorPool.start(Pools.config(1).javaBinary(slowAfterFirstStart(dir)).build());
    List<Long> pids = new ArrayList<>();
    try {
      servesANormalTask(pool);
      pids.addAll(await(pool::sparePids, "a spare starting"));
      assertEquals(List.of(), pool.readySparePids(), "still starting");
      pids.addAll(pool.executorPids());
      // The spare is still the wrapper script, not yet a group leader: its children count too.
      for (long pid : List.copyOf(pids)) {
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
      }
    } finally {
      pool.close();
    }
    assertEquals(List.of(), pool.sparePids());
    for (long pid : pids) {
      assertTrue(Pools.gone(pid, NOTICE), "process " + pid + " outlived the pool");
      assertTrue(Pools.groupGone(pid, NOTICE), "process group " + pid + " outlived the pool");
    }
  }

  @Test
  void aRetirementRacingWithCloseFailsCallersOnlyWithPoolExceptions() throws Exception {
    // Every task retires its executor, so close() overtakes retirements in flight.
    ExecutorPool pool = ExecutorPool.start(Pools.config(2).maxTasksPerExecutor(1).build());
    List<CompletableFuture<Outcome>> calls = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    try {
      servesANormalTask(pool);
      for (long i = 0; i < 20; i++) {
        calls.add(pool.executeAsync(Pools.add(i, 0), GENEROUS));
        seen.addAll(pool.executorPids());
      }
      calls.get(0).get(NOTICE.toSeconds(), TimeUnit.SECONDS);
      seen.addAll(pool.executorPids());
    } finally {
      pool.close();
    }
    // Executors being retired are in no slot: close() must reach them all the same.
    for (long pid : seen) {
      assertTrue(Pools.gone(pid, NOTICE), "executor " + pid + " outlived the pool");
    }
    for (CompletableFuture<Outcome> call : calls) {
      try {
        // A request written as close() sends Shutdown ends with its executor: an ExecutorCrash
        // (docs/process-pool.md, "Shutdown"). Anything but an outcome or a PoolException is a bug.
        Outcome outcome = call.get(NOTICE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(
            outcome instanceof Outcome.Success || outcome instanceof Outcome.ExecutorCrash,
            () -> "unexpected outcome " + outcome);
      } catch (ExecutionException e) {
        assertInstanceOf(PoolException.class, e.getCause(), () -> "failed with " + e.getCause());
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Crashes the slot's executor {@code pid} with a task's System.exit(3). */
  private static void crash(ExecutorPool pool, long pid) throws Exception {
    Outcome outcome = pool.execute(request(SamplePackages.JAR_TASKS, "exit_three"), GENEROUS);
    Outcome.ExecutorCrash crash = assertInstanceOf(Outcome.ExecutorCrash.class, outcome);
    assertEquals(pid, crash.report().pid(), crash.report()::summary);
    assertEquals(
        SamplePackages.TASK_EXIT_STATUS,
        crash.report().exitStatus().orElseThrow(),
        crash.report()::summary);
  }

  private static long awaitReadySpare(ExecutorPool pool) {
    return await(pool::readySparePids, "a ready spare").get(0);
  }

  /**
   * Waits until {@code pids} is not empty. Polled, backing off to 20 ms: the pool has no event for
   * a spare's progress, and spares start in the background on their own schedule.
   */
  private static List<Long> await(Supplier<List<Long>> pids, String what) {
    return Poll.until(
        pids, now -> !now.isEmpty(), NOTICE, now -> "no " + what + " within " + NOTICE);
  }

  /**
   * A java that starts at once the first time (the pool's own executor) and holds every later start
   * (the spares) for {@value #SLOW_START_SECONDS} s before it becomes the JVM.
   */
  private static Path slowAfterFirstStart(Path dir) throws Exception {
    Path script = dir.resolve("slow-java");
    Path marker = dir.resolve("started-once");
    Files.writeString(
        script,
        "#!/bin/sh\nif [ -e '"
            + marker
            + "' ]; then sleep "
            + SLOW_START_SECONDS
            + "; fi\ntouch '"
            + marker
            + "'\nexec '"
            + TestEnvironment.javaBinary()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
