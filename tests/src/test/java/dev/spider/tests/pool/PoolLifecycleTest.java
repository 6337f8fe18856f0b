package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static dev.spider.tests.pool.Pools.stringOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.tests.Poll;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import dev.spider.tests.executor.PackageCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, recycling, package updates and shutdown of the pool (docs/process-pool.md). */
class PoolLifecycleTest {

  /** How long a pool may take to notice something before the test fails. */
  private static final Duration NOTICE = Duration.ofSeconds(30);

  private static final String ANNOUNCEMENT = "started ";

  /**
   * For pools of a stand-in java or jar: the manager would build a class-data archive for it, with
   * a training run that cannot succeed and outlives the test.
   */
  private static final List<String> NO_ARCHIVE = List.of("-Xshare:auto");

  @Test
  void aMissingJavaBinaryIsAPoolException(@TempDir Path dir) {
    Path missing = dir.resolve("no-java");
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> ExecutorPool.start(Pools.config(1).javaBinary(missing).build()));
    assertTrue(e.getMessage().contains(missing.getFileName().toString()), e.getMessage());
  }

  @Test
  void executorsDyingBeforeTheirHelloFailTheStartWithTheirStderr() {
    String flag = "NoSuchJvmFlag";
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                ExecutorPool.start(
                    Pools.config(2).extraJvmOptions(List.of("-XX:+" + flag)).build()));
    assertTrue(e.getMessage().contains(flag), e.getMessage());
  }

  /**
   * The first executors are spawned on the caller's thread, which then waits for the first slot's
   * Hello itself (docs/process-pool.md, "Spawning"): when one of two fails to start (the first to
   * run the script, almost always the first slot's), the pool starts with the other and retries the
   * failed slot.
   */
  @Test
  void aPoolStartsWhenOneOfItsFirstExecutorsFailsAndRetriesThatSlot(@TempDir Path dir)
      throws Exception {
    Path failed = dir.resolve("failed");
    Path java = dir.resolve("java-failing-once");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if mkdir '"
            + failed
            + "' 2>/dev/null; then echo 'failing on purpose' >&2; exit 9; fi\n"
            + "exec '"
            + TestEnvironment.javaBinary()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    PoolConfig config = Pools.config(2).javaBinary(java).extraJvmOptions(NO_ARCHIVE).build();
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      assertTrue(Files.isDirectory(failed), "one of the first two executors failed to start");
      servesANormalTask(pool);
      Poll.until(
          pool::executorPids,
          pids -> pids.size() == 2,
          NOTICE,
          pids -> "the failed slot was not refilled within " + NOTICE + ": " + pids);
      servesANormalTask(pool);
    }
  }

  @Test
  void aJavaBinaryThatCannotBeRunIsAPoolExceptionNamingIt(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("java-not-executable"), "#!/bin/sh\n");
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> ExecutorPool.start(Pools.config(2).javaBinary(notExecutable).build()));
    assertTrue(e.getMessage().contains("cannot spawn " + notExecutable), e.getMessage());
  }

  @Test
  void aJarWithoutTheExecutorsMainClassIsAPoolExceptionThatSaysSo(@TempDir Path dir)
      throws Exception {
    Path jar = dir.resolve("not-an-executor.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
      out.putNextEntry(new JarEntry("readme.txt"));
      out.closeEntry();
    }
    PoolConfig config =
        PoolConfig.builder(jar, TestEnvironment.packagesDir())
            .heap(TestEnvironment.EXECUTOR_HEAP)
            .extraJvmOptions(NO_ARCHIVE)
            .build();
    PoolException e = assertThrows(PoolException.class, () -> ExecutorPool.start(config));
    assertTrue(e.getMessage().contains("not a Spider executor jar"), e.getMessage());
  }

  /**
   * The thread starting the pool waits for the first Hello itself; interrupted, it gets an
   * InterruptedException soon, not at the start deadline, and the executor is killed.
   */
  @Test
  void interruptingTheStartKillsTheExecutorAndThrows(@TempDir Path dir) throws Exception {
    Path silent = silentJava(dir);
    ForwardedLog lines = new ForwardedLog();
    PoolConfig config =
        Pools.config(1)
            .javaBinary(silent)
            .extraJvmOptions(NO_ARCHIVE)
            .startupTimeout(Duration.ofMinutes(5))
            .logSink(lines)
            .build();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                ExecutorPool.start(config).close();
                thrown.complete(null);
              } catch (Throwable t) {
                thrown.complete(t);
              }
            },
            "pool-starter");
    starter.start();
    long pid = announcedPid(lines);
    starter.interrupt();
    Throwable t = thrown.get(NOTICE.toSeconds(), TimeUnit.SECONDS);
    assertInstanceOf(InterruptedException.class, t, () -> "the start ended with " + t);
    assertTrue(Pools.gone(pid, Duration.ofSeconds(10)), "the silent executor was killed");
  }

  @Test
  void anExecutorWithoutAHelloIsKilledAfterTheStartupDeadline(@TempDir Path dir) throws Exception {
    Path silent = silentJava(dir);
    ForwardedLog lines = new ForwardedLog();
    long start = System.nanoTime();
    PoolException e =
        assertThrows(
            PoolException.class,
            () ->
                ExecutorPool.start(
                    Pools.config(1)
                        .javaBinary(silent)
                        .extraJvmOptions(NO_ARCHIVE)
                        .startupTimeout(Duration.ofSeconds(1))
                        .logSink(lines)
                        .build()));
    assertTrue(e.getMessage().contains("no Hello within"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    long pid = announcedPid(lines);
    assertTrue(Pools.gone(pid, Duration.ofSeconds(5)), "the silent executor was killed");
  }

  @Test
  void executorsAreRecycledAfterTheirMaximumTaskCount() throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).maxTasksPerExecutor(2).build())) {
      long first = pool.executorPids().get(0);
      servesANormalTask(pool);
      servesANormalTask(pool);
      servesANormalTask(pool); // runs on the replacement
      long second = awaitSingleExecutor(pool, first);
      assertNotEquals(first, second);
      assertTrue(Pools.gone(first, Duration.ofSeconds(10)), "the retired executor exited");
    }
  }

  @Test
  void executorsAreRecycledPastTheResidentMemoryCeiling() throws Exception {
    // Any JVM is above 1 MiB resident: the executor is replaced after every task.
    try (ExecutorPool pool =
        ExecutorPool.start(Pools.config(1).maxResidentBytes(1 << 20).build())) {
      long first = pool.executorPids().get(0);
      servesANormalTask(pool);
      servesANormalTask(pool);
      assertNotEquals(first, awaitSingleExecutor(pool, first));
    }
  }

  @Test
  void aRedeployedPackageTakesEffectWithoutARestart(@TempDir Path dir) throws Exception {
    String pkg = SamplePackages.OLDER_LIBRARY_BUNDLE;
    Path packages = Files.createDirectory(dir.resolve("packages"));
    PackageCopies.copy(TestEnvironment.packagesDir(), pkg, packages);
    PackageCopies.copy(TestEnvironment.packagesDir(), SamplePackages.JAR_TASKS, packages);
    ExecuteRequest libraryVersion = request(pkg, "library_version");
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1, packages).build())) {
      assertEquals(SamplePackages.OLDER_LIBRARY, stringOutput(pool, libraryVersion));
      long executor = pool.executorPids().get(0);

      // Redeploy: the new library version under a temporary name, renamed into place atomically.
      PackageCopies.redeployNewerLibrary(packages, pkg);

      // The pool looks at package files at most every 100 ms when it hands out a task, so tasks
      // are what makes it notice: each is a real wait on the pool, not a spin.
      String after = stringOutput(pool, libraryVersion);
      long deadline = System.nanoTime() + NOTICE.toNanos();
      while (!after.equals(SamplePackages.NEWER_LIBRARY) && System.nanoTime() < deadline) {
        after = stringOutput(pool, libraryVersion);
      }
      assertEquals(SamplePackages.NEWER_LIBRARY, after);
      assertNotEquals(executor, awaitSingleExecutor(pool, executor), "the executor was replaced");
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
    PoolException e =
        assertThrows(PoolException.class, () -> pool.execute(Pools.add(1, 2), GENEROUS));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void aReplacementThatCannotBeSpawnedFailsCallersInsteadOfHangingThem(@TempDir Path dir)
      throws Exception {
    // A java that works once: the script deletes itself, so spawning the replacement fails.
    Path once = dir.resolve("java-once");
    Files.writeString(
        once, "#!/bin/sh\nrm -f \"$0\"\nexec '" + TestEnvironment.javaBinary() + "' \"$@\"\n");
    Files.setPosixFilePermissions(once, PosixFilePermissions.fromString("rwx------"));
    // No class-data archive and no spare: either would spend the one start on a JVM of its own.
    PoolConfig config =
        Pools.config(1).javaBinary(once).spares(0).extraJvmOptions(List.of("-Xshare:auto")).build();
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      servesANormalTask(pool);
      long pid = pool.executorPids().get(0);
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      assertTrue(Pools.gone(pid, Duration.ofSeconds(5)));
      PoolException e =
          assertThrows(PoolException.class, () -> pool.execute(Pools.add(1, 2), GENEROUS));
      assertTrue(e.getMessage().contains("cannot spawn"), e.getMessage());
    }
  }

  @Test
  void aRequestLargerThanAFrameIsRefusedWithoutHarmingAnExecutor() throws Exception {
    int limit = FrameLimits.SMALLEST_MAX_FRAME_BYTES;
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).maxFrameBytes(limit).build())) {
      servesANormalTask(pool);
      long pid = pool.executorPids().get(0);
      byte[] tooLarge = new byte[limit + limit / 4];
      Outcome outcome =
          pool.execute(
              request(SamplePackages.JAR_TASKS, "echo_bytes", Tdl.encode(byte[].class, tooLarge)),
              GENEROUS);
      Outcome.InTaskFailure failure = assertInstanceOf(Outcome.InTaskFailure.class, outcome);
      assertEquals(ErrorKind.INVALID_REQUEST, failure.error().kind());
      assertTrue(
          failure.error().message().contains("maximum frame size"), failure.error().message());
      servesANormalTask(pool);
      assertEquals(pid, pool.executorPids().get(0), "the executor was not touched");
    }
  }

  /**
   * Callers beyond the pool's size are served in the order they came. Each caller's task runs in a
   * job of its own, and the executor's debug line as each task starts gives the order they were
   * served in: the order in which the callers return is not it, since a caller woken late can
   * return after the next one.
   */
  @Test
  void callersBeyondThePoolSizeAreServedFirstComeFirstServed() throws Exception {
    long firstJob = 1000;
    int callerCount = 5;
    ForwardedLog log = new ForwardedLog();
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(1).logSink(log).build())) {
      servesANormalTask(pool);
      // Occupy the only executor, then queue callers one after another.
      CompletableFuture<Outcome> blocker =
          pool.executeAsync(
              request(
                  SamplePackages.JAR_TASKS,
                  "sleep_honouring_interrupts",
                  Tdl.encode(Long.class, 1000L)),
              GENEROUS);
      List<Long> arrivals = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> callers = new ArrayList<>();
      for (long i = 0; i < callerCount; i++) {
        long job = firstJob + i;
        ExecuteRequest add =
            new ExecuteRequest(
                SamplePackages.JAR_TASKS,
                "add",
                Tdl.indexContext(job),
                Tdl.inputs(Tdl.encode(Long.class, job), Tdl.encode(Long.class, 0L)));
        Thread caller =
            new Thread(
                () -> {
                  try {
                    assertInstanceOf(Outcome.Success.class, pool.execute(add, GENEROUS));
                  } catch (InterruptedException e) {
                    failures.add(e);
                    Thread.currentThread().interrupt();
                  } catch (Exception | AssertionError e) {
                    failures.add(e);
                  }
                },
                "fifo-caller-" + i);
        caller.start();
        callers.add(caller);
        arrivals.add(job);
        // The next caller starts only once this one waits in line.
        awaitWaiting(caller, NOTICE);
      }
      blocker.get(60, TimeUnit.SECONDS);
      for (Thread caller : callers) {
        caller.join(60_000);
      }
      assertEquals(List.of(), failures, "callers failed");
      long lastJob = firstJob + callerCount - 1;
      assertTrue(
          log.await("task=add job=" + lastJob + "] start", NOTICE).isPresent(),
          () -> "no start line of job " + lastJob + ":\n" + log.text());
      List<Long> served = new ArrayList<>();
      Matcher start = Pattern.compile("task=add job=(\\d+)\\] start").matcher(log.text());
      while (start.find()) {
        long job = Long.parseLong(start.group(1));
        if (job >= firstJob) {
          served.add(job);
        }
      }
      assertEquals(arrivals, served);
    }
  }

  /**
   * Waits until {@code caller} waits with a timeout, as a caller in the pool's line does (or has
   * already been served). Polled, backing off to 10 ms: nothing outside the pool marks a caller
   * taking its place in line (the pool's count of waiting callers is not public), and a thread's
   * state has no event to wait on.
   */
  private static void awaitWaiting(Thread caller, Duration within) {
    Poll.until(
        caller::getState,
        state -> state == Thread.State.TIMED_WAITING || state == Thread.State.TERMINATED,
        within,
        state -> caller.getName() + " did not wait in line within " + within + ": " + state);
  }

  /** A java binary that says its pid on stderr and sleeps: an executor that never says Hello. */
  private static Path silentJava(Path dir) throws IOException {
    Path silent = dir.resolve("silent-java");
    Files.writeString(silent, "#!/bin/sh\necho \"" + ANNOUNCEMENT + "$$\" >&2\nexec sleep 600\n");
    Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwxr-xr-x"));
    return silent;
  }

  /** The pid a {@link #silentJava} announced, once its line reached the pool's log. */
  private static long announcedPid(ForwardedLog lines) throws InterruptedException {
    String line =
        lines
            .await(ANNOUNCEMENT, NOTICE)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the silent executor's line was not forwarded within "
                            + NOTICE
                            + ":\n"
                            + lines.text()));
    return Long.parseLong(line.substring(line.indexOf(ANNOUNCEMENT) + ANNOUNCEMENT.length()));
  }

  /**
   * The pool's one live executor once it is another than {@code previous}. A retired executor is
   * replaced on the pool's own threads after the outcome that retired it returned (and with a
   * recycling policy the task served here may retire one again), so the slot may hold no live
   * executor for a moment: the pids are polled with a bound, never looked at once.
   */
  private static long awaitSingleExecutor(ExecutorPool pool, long previous) throws Exception {
    servesANormalTask(pool); // only returns once an executor served it
    return Poll.until(
            pool::executorPids,
            pids -> pids.size() == 1 && pids.get(0) != previous,
            NOTICE,
            pids ->
                "no single live executor other than "
                    + previous
                    + " within "
                    + NOTICE
                    + ": "
                    + pids)
        .get(0);
  }
}
