package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.onlyExecutorPid;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.protocol.process.Posix;
import dev.spider.tdl.TdlError;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the crash and timeout matrix through the real pool (one executor, so reuse and
 * replacement are visible), each followed by a normal task on the same pool.
 */
class CrashAndTimeoutMatrixTest {

  private static final String JAR = SamplePackages.JAR_TASKS;
  private static final String NATIVE = SamplePackages.NATIVE_TASKS;

  /** For tasks that never end: short, as every timeout row waits it out. */
  private static final Timeouts SHORT_HARD_TIMEOUT = Timeouts.hard(Duration.ofSeconds(1));

  /** How long a forwarded log line may take to arrive before the test fails. */
  private static final Duration LOG_WAIT = Duration.ofSeconds(30);

  private static final ForwardedLog log = new ForwardedLog();
  private static ExecutorPool pool;

  @BeforeAll
  static void start() throws Exception {
    pool = ExecutorPool.start(Pools.config(1).logSink(log).build());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @ParameterizedTest(name = "{0} returns normally")
  @CsvSource({JAR, NATIVE})
  void success(String pkg) throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    Outcome outcome =
        pool.execute(request(pkg, "fibonacci", Tdl.encode(Long.class, 10L)), GENEROUS);
    assertEquals(
        55L,
        Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, outcome).outputs(), Long.class));
    assertEquals(before, onlyExecutorPid(pool), "executor reused");
  }

  @ParameterizedTest(name = "{0} returns TdlError")
  @CsvSource({JAR, NATIVE})
  void tdlError(String pkg) throws Exception {
    Outcome outcome = pool.execute(request(pkg, "always_fail"), GENEROUS);
    Outcome.InTaskFailure failure = assertInstanceOf(Outcome.InTaskFailure.class, outcome);
    assertEquals(ErrorKind.TASK_ERROR, failure.error().kind());
    assertEquals(TdlError.Kind.EXECUTION_ERROR, failure.error().tdlError().orElseThrow().kind());
    servesANormalTask(pool);
  }

  @ParameterizedTest(name = "JAR {0}")
  @CsvSource({"throw_runtime_exception", "overflow_stack"})
  void uncaughtThrowableKeepsTheExecutor(String task) throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    Outcome outcome = pool.execute(request(JAR, task), GENEROUS);
    assertEquals(
        ErrorKind.UNCAUGHT_EXCEPTION,
        assertInstanceOf(Outcome.InTaskFailure.class, outcome).error().kind());
    servesANormalTask(pool);
    assertEquals(before, onlyExecutorPid(pool), "executor reused");
  }

  static Stream<Arguments> crashes() {
    return Stream.of(
        Arguments.of(JAR, "exhaust_heap", ExitStatus.OUT_OF_MEMORY.code()),
        Arguments.of(JAR, "exit_zero", ExitStatus.ORDERLY.code()),
        Arguments.of(JAR, "exit_three", SamplePackages.TASK_EXIT_STATUS),
        Arguments.of(JAR, "halt_134", SamplePackages.ABORTED_STATUS),
        Arguments.of(NATIVE, "abort_process", SamplePackages.ABORTED_STATUS),
        Arguments.of(NATIVE, "segfault", SamplePackages.ABORTED_STATUS));
  }

  @ParameterizedTest(name = "{0}/{1} crashes the executor")
  @MethodSource("crashes")
  void executorCrash(String pkg, String task, int exitStatus) throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    Outcome outcome = pool.execute(request(pkg, task), GENEROUS);
    Outcome.ExecutorCrash crash = assertInstanceOf(Outcome.ExecutorCrash.class, outcome);
    assertEquals(before, crash.report().pid());
    assertEquals(exitStatus, crash.report().exitStatus().orElseThrow(), crash.report()::summary);
    if (task.equals("segfault")) {
      assertTrue(
          crash.report().crashLog().isPresent(), "HotSpot crash log: " + crash.report().summary());
      assertTrue(crash.report().crashLog().get().startsWith(pool.crashDir()));
    }
    assertFalse(crash.report().stderrTail().isEmpty(), "the crash report carries the stderr tail");
    servesANormalTask(pool);
    assertNotEquals(before, onlyExecutorPid(pool), "executor replaced");
  }

  @ParameterizedTest(name = "{0}/{1} times out")
  @CsvSource({
    JAR + ", spin_forever",
    JAR + ", sleep_forever_ignoring_interrupts",
    NATIVE + ", spin_forever",
    NATIVE + ", sleep_forever",
  })
  void hardTimeout(String pkg, String task) throws Exception {
    servesANormalTask(pool);
    long before = onlyExecutorPid(pool);
    long start = System.nanoTime();
    Outcome outcome = pool.execute(request(pkg, task), SHORT_HARD_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(
        SHORT_HARD_TIMEOUT.hard(), assertInstanceOf(Outcome.Timeout.class, outcome).hardTimeout());
    assertTrue(
        took.compareTo(SHORT_HARD_TIMEOUT.hard().multipliedBy(3)) < 0,
        "timeout outcome within a generous bound: " + took);
    assertTrue(Pools.gone(before, Duration.ofSeconds(5)), "timed-out executor killed");
    servesANormalTask(pool);
  }

  @Test
  void softTimeoutInterruptsAJavaTaskBeforeTheHardTimeout() throws Exception {
    long start = System.nanoTime();
    Outcome outcome =
        pool.execute(
            request(JAR, "sleep_honouring_interrupts", Tdl.encode(Long.class, 60_000L)),
            Timeouts.of(Duration.ofMillis(300), Duration.ofSeconds(20)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(
        ErrorKind.INTERRUPTED,
        assertInstanceOf(Outcome.InTaskFailure.class, outcome).error().kind());
    assertTrue(
        took.compareTo(Duration.ofSeconds(10)) < 0, "ended well before the hard timeout: " + took);
    servesANormalTask(pool);
  }

  @ParameterizedTest(name = "{0} writes to stdout")
  @CsvSource({
    JAR + ", print_to_stdout: hello from System.out",
    NATIVE + ", print_to_stdout via write(1)"
  })
  void stdoutWritesLandInTheLog(String pkg, String text) throws Exception {
    Outcome outcome = pool.execute(request(pkg, "print_to_stdout"), GENEROUS);
    assertEquals(
        "printed",
        Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, outcome).outputs(), String.class));
    // Forwarded on the pool's own thread: the line may arrive after the outcome.
    assertTrue(
        log.await(text, LOG_WAIT).isPresent(),
        () -> "no forwarded line '" + text + "' within " + LOG_WAIT + " in\n" + log.text());
    servesANormalTask(pool);
  }

  @Test
  void aForkedChildHoldingStdoutDoesNotDelayTheCrashAndDiesWithTheGroup() throws Exception {
    servesANormalTask(pool);
    long executor = onlyExecutorPid(pool);
    long start = System.nanoTime();
    Outcome outcome = pool.execute(request(NATIVE, "fork_then_abort"), GENEROUS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Outcome.ExecutorCrash crash = assertInstanceOf(Outcome.ExecutorCrash.class, outcome);
    assertEquals(
        SamplePackages.ABORTED_STATUS,
        crash.report().exitStatus().orElseThrow(),
        crash.report()::summary);
    // The child keeps the protocol pipe open, so stdout never ends: the process exit is what
    // counts.
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "crash seen by the exit, in " + took);
    assertTrue(
        Pools.groupGone(executor, Duration.ofSeconds(5)),
        "the forked child was killed with the group");
    servesANormalTask(pool);
  }

  @Test
  void aChildProcessDiesWithTheTimedOutExecutor() throws Exception {
    servesANormalTask(pool);
    Outcome started = pool.execute(request(JAR, "start_child_process"), GENEROUS);
    long child =
        Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, started).outputs(), Long.class);
    assertTrue(ProcessHandle.of(child).isPresent(), "child sleep process running");
    Outcome outcome = pool.execute(request(JAR, "spin_forever"), SHORT_HARD_TIMEOUT);
    assertInstanceOf(Outcome.Timeout.class, outcome);
    assertTrue(
        Pools.gone(child, Duration.ofSeconds(5)),
        "the task's child process was killed with the group");
    servesANormalTask(pool);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    JAR + ", no_such_task, TASK_ERROR",
    "no_such_package, fibonacci, PACKAGE_NOT_FOUND",
    "../etc, fibonacci, INVALID_PACKAGE_NAME",
  })
  void lookupFailures(String pkg, String task, ErrorKind kind) throws Exception {
    Outcome outcome = pool.execute(request(pkg, task), GENEROUS);
    assertEquals(kind, assertInstanceOf(Outcome.InTaskFailure.class, outcome).error().kind());
    servesANormalTask(pool);
  }

  @Test
  void executorKilledWhileIdleDoesNotChargeTheNextTask() throws Exception {
    servesANormalTask(pool);
    long victim = onlyExecutorPid(pool);
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    assertTrue(Pools.gone(victim, Duration.ofSeconds(5)));
    servesANormalTask(pool); // runs on a replacement, not charged with the dead executor
    assertNotEquals(victim, onlyExecutorPid(pool));
  }

  @Test
  void executorKilledMidTaskCrashesThatTaskOnly() throws Exception {
    servesANormalTask(pool);
    long victim = onlyExecutorPid(pool);
    String task = "spin_forever";
    CompletableFuture<Outcome> running = pool.executeAsync(request(JAR, task), GENEROUS);
    // Kill it once the task is known to run (debug logging announces it).
    assertTrue(
        log.await(ExecutorLogText.taskStart(JAR, task), LOG_WAIT).isPresent(), "task started");
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    Outcome outcome = running.get(30, TimeUnit.SECONDS);
    Outcome.ExecutorCrash crash = assertInstanceOf(Outcome.ExecutorCrash.class, outcome);
    assertEquals(Posix.SIGKILL, crash.report().signal().orElseThrow());
    servesANormalTask(pool);
  }

  @ParameterizedTest(name = "init hook of {0} fails")
  @CsvSource({JAR + ", assert_initialized", NATIVE + ", fibonacci"})
  void initFailure(String pkg, String task) throws Exception {
    try (ExecutorPool failing =
        ExecutorPool.start(
            Pools.config(1)
                .environment(Map.of(SamplePackages.INIT_SHOULD_FAIL_ENV, "1"))
                .build())) {
      Outcome outcome = failing.execute(request(pkg, task), GENEROUS);
      Outcome.InTaskFailure failure = assertInstanceOf(Outcome.InTaskFailure.class, outcome);
      assertEquals(ErrorKind.PACKAGE_INIT_ERROR, failure.error().kind());
      assertTrue(
          failure.error().tdlError().orElseThrow().getMessage().contains("init failure requested"));
      // The same pool serves a package without an init hook.
      Outcome next =
          failing.execute(
              request(SamplePackages.ISOLATION_PROBE, "context_class_loader_is_package_loader"),
              GENEROUS);
      assertEquals(
          true,
          Tdl.singleOutput(assertInstanceOf(Outcome.Success.class, next).outputs(), Boolean.class));
    }
  }

  @ParameterizedTest(name = "broken package {0}")
  @CsvSource({
    "corrupt_jar, INVALID_LIBRARY",
    "native_not_a_library, INVALID_LIBRARY",
    "wrong_tdl_version_jar, INCOMPATIBLE_VERSION",
    "native_wrong_version, INCOMPATIBLE_VERSION",
  })
  void brokenPackages(String pkg, ErrorKind kind) throws Exception {
    try (ExecutorPool broken =
        ExecutorPool.start(Pools.config(1, TestEnvironment.brokenPackagesDir()).build())) {
      Outcome outcome = broken.execute(request(pkg, "fibonacci"), GENEROUS);
      assertEquals(kind, assertInstanceOf(Outcome.InTaskFailure.class, outcome).error().kind());
    }
  }

  @Test
  void aStrayNonDaemonThreadDoesNotKeepTheExecutorFromShuttingDown() throws Exception {
    Duration grace = Duration.ofSeconds(20);
    long pid;
    long start;
    try (ExecutorPool own = ExecutorPool.start(Pools.config(1).shutdownGrace(grace).build())) {
      Outcome outcome = own.execute(request(JAR, "leave_non_daemon_thread"), GENEROUS);
      assertInstanceOf(Outcome.Success.class, outcome);
      pid = own.executorPids().get(0);
      start = System.nanoTime();
    } // closing the pool here is what is timed
    assertTrue(Pools.gone(pid, Duration.ofSeconds(1)));
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(grace.dividedBy(2)) < 0,
        "closed promptly, not after the " + grace + " grace period");
  }
}
