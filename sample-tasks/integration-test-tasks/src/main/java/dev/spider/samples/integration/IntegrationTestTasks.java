package dev.spider.samples.integration;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.TdlError;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java package {@code integration_test_tasks}: the tasks that Spider's integration tests run
 * (the Java twin of the Rust reference package of that name, with the same names, signatures and
 * error messages) plus one task per Java row of the crash and timeout matrix
 * (docs/process-pool.md).
 *
 * <p>Many tasks here misbehave on purpose (exit the JVM, never return, exhaust the heap...): they
 * exist so the executor's and the manager's handling of each failure can be tested against a real
 * package. Each task's Javadoc says which row it serves.
 *
 * <p>The executor makes one instance and runs one task at a time on it, so the only state, {@link
 * #initialized} and {@link #spinCounter}, needs no more than {@code volatile}.
 *
 * <p>Over the project's 400-line guide on purpose: a task package is one class, and this one must
 * hold every task of the Rust reference package plus one per matrix row; each task is a few lines.
 */
public final class IntegrationTestTasks implements TaskPackage {

  /** The package name, which is also its directory name in a package directory. */
  public static final String NAME = "integration_test_tasks";

  /** Set to a non-empty value to make {@link #init()} fail (the "init hook fails" row). */
  public static final String INIT_SHOULD_FAIL_ENV = "SPIDER_TEST_TDL_INIT_SHOULD_FAIL";

  /** What {@link #printToStdout} writes, so tests can find it in the forwarded log. */
  public static final String STDOUT_TEXT = "print_to_stdout: hello from System.out";

  /** Name of the thread {@link #leaveNonDaemonThread} leaves running. */
  public static final String LINGERING_THREAD_NAME = "integration_test_tasks-lingering-non-daemon";

  private static final int HEAP_CHUNK_BYTES = 16 << 20;
  private static final long SLEEP_AND_ECHO_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private volatile boolean initialized;

  /** Written by the busy loops so the JIT cannot prove them empty and remove them. */
  private volatile long spinCounter;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Marks the package initialized, or fails when {@value #INIT_SHOULD_FAIL_ENV} is set and
   * non-empty so tests can check that a failing init hook becomes {@code PackageInitError}.
   */
  @Override
  public void init() throws TdlError {
    String shouldFail = System.getenv(INIT_SHOULD_FAIL_ENV);
    if (shouldFail != null && !shouldFail.isEmpty()) {
      throw TdlError.executionError(NAME + ": init failure requested");
    }
    initialized = true;
  }

  // ---------------------------------------------------------------------------------------------
  // The tasks of the Rust reference package.

  /**
   * The n-th Fibonacci number by naive recursion: deliberately CPU-bound and exponential, so a test
   * picks {@code n} to get a task of a given duration. {@code fibonacci(10) == 55}.
   */
  @Task("fibonacci")
  public long fibonacci(TaskContext context, long n) throws TdlError {
    // The Rust reference takes a u64: a long carries 0..2^63-1 of it (larger values fail to decode
    // with DeserializationError), and a negative one cannot come from a u64 encoder.
    if (n < 0) {
      throw TdlError.executionError("fibonacci: n must be a u64, got " + n);
    }
    return fib(n);
  }

  private static long fib(long n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  /** Always fails with the Rust reference package's message, to test the TaskError path. */
  @Task("always_fail")
  public void alwaysFail(TaskContext context) throws TdlError {
    throw TdlError.executionError("always_fail: intentional failure");
  }

  /**
   * Returns its input after parking 50 µs: a task that is almost free but not instant, for
   * throughput tests. {@code LockSupport.parkNanos} because {@code Thread.sleep} rounds up to a
   * millisecond.
   */
  @Task("sleep_and_echo")
  public List<String> sleepAndEcho(TaskContext context, List<String> values) {
    LockSupport.parkNanos(SLEEP_AND_ECHO_NANOS);
    return values;
  }

  /**
   * The commit task of the integration jobs: checks it runs as the commit task and that the job's
   * task-graph outputs are non-empty int64 values summing to zero (the test jobs are built so they
   * do), so a wrong context or lost outputs fail the job.
   */
  @Task("assert_outputs_sum_zero")
  public void assertOutputsSumZero(TaskContext context) throws TdlError {
    if (!(context.taskId() instanceof TaskId.Commit)) {
      throw TdlError.executionError(
          "assert_outputs_sum_zero must run as the commit task, but ran as " + context.taskId());
    }
    List<Long> outputs = context.taskGraphOutputs(Long.class);
    if (outputs.isEmpty()) {
      throw TdlError.executionError("assert_outputs_sum_zero: the task-graph outputs are empty");
    }
    BigInteger sum = BigInteger.ZERO; // exact: partial sums of int64 values may overflow a long
    for (Long output : outputs) {
      if (output == null) {
        throw TdlError.executionError("assert_outputs_sum_zero: a task-graph output is None");
      }
      sum = sum.add(BigInteger.valueOf(output));
    }
    if (sum.signum() != 0) {
      throw TdlError.executionError(
          "assert_outputs_sum_zero: the "
              + outputs.size()
              + " task-graph outputs do not sum to zero"
              + " (their sum is "
              + sum
              + ")");
    }
  }

  /** Fails unless {@link #init()} ran, to test that the executor calls the init hook first. */
  @Task("assert_initialized")
  public void assertInitialized(TaskContext context) throws TdlError {
    if (!initialized) {
      throw TdlError.executionError(
          "assert_initialized: the package's init hook has not run before its tasks");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Well-behaved tasks covering the type mapping.

  /** Sum of two int64 values; an overflow is an ExecutionError rather than a silent wrap. */
  @Task("add")
  public long add(TaskContext context, long a, long b) throws TdlError {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw TdlError.executionError("add: " + a + " + " + b + " overflows int64");
    }
  }

  /** Returns its bytes unchanged, to test the Bytes mapping (array of uints on the wire). */
  @Task("echo_bytes")
  public byte[] echoBytes(TaskContext context, byte[] bytes) {
    return bytes;
  }

  /** The smallest and largest value as two separate outputs, to test {@code @TaskOutputs}. */
  @Task("min_max")
  public MinMax minMax(TaskContext context, List<Long> values) throws TdlError {
    if (values.isEmpty()) {
      throw TdlError.executionError("min_max: the input list is empty");
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Long value : values) {
      if (value == null) {
        throw TdlError.executionError("min_max: the input list holds a None");
      }
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new MinMax(min, max);
  }

  /**
   * The context as the task sees it: job id, task id ({@code Index(n)}, {@code Commit} or {@code
   * Cleanup}), task instance id and resource group id, the ids as unsigned decimals, so tests can
   * check the executor passes the context through, u64::MAX included.
   */
  @Task("context_ids")
  public List<String> contextIds(TaskContext context) {
    return List.of(
        Long.toUnsignedString(context.jobId()),
        context.taskId().toString(),
        Long.toUnsignedString(context.taskInstanceId()),
        Long.toUnsignedString(context.resourceGroupId()));
  }

  /**
   * Logs {@code message} at INFO through {@code System.Logger} and returns it, to test that the
   * executor routes package logging into its log. The logger is looked up per call so it binds to
   * whatever {@code LoggerFinder} the executor installed.
   */
  @Task("log_through_system_logger")
  public String logThroughSystemLogger(TaskContext context, String message) {
    System.getLogger(NAME).log(System.Logger.Level.INFO, message);
    return message;
  }

  /**
   * Writes {@link #STDOUT_TEXT} to {@code System.out}: the executor's stdout carries the protocol,
   * so this must not corrupt it, and the text must reach the forwarded log.
   */
  @Task("print_to_stdout")
  public String printToStdout(TaskContext context) {
    System.out.println(STDOUT_TEXT);
    System.out.flush();
    return "printed";
  }

  // ---------------------------------------------------------------------------------------------
  // Misbehaviours of the crash and timeout matrix (docs/process-pool.md).

  /** Row "throws RuntimeException": an UncaughtException, executor reused. */
  @Task("throw_runtime_exception")
  public void throwRuntimeException(TaskContext context) {
    throw new IllegalStateException("boom from throw_runtime_exception");
  }

  /**
   * Row "throws StackOverflowError": recurses without bound. The result feeds the return value so
   * the recursion cannot be optimized away.
   */
  @Task("overflow_stack")
  public long overflowStack(TaskContext context) {
    return recurse(0);
  }

  private static long recurse(long depth) {
    return recurse(depth + 1) + 1;
  }

  /**
   * Row "exhausts the heap": holds ever more 16 MiB arrays until {@code OutOfMemoryError}. The list
   * is a local so that, should the executor survive the error, the memory is garbage again.
   */
  @Task("exhaust_heap")
  public void exhaustHeap(TaskContext context) {
    List<byte[]> held = new ArrayList<>();
    while (true) {
      held.add(new byte[HEAP_CHUNK_BYTES]);
    }
  }

  /** Row "System.exit(0)": the executor dies with a success status mid-task. */
  @Task("exit_zero")
  public void exitZero(TaskContext context) {
    System.exit(0);
  }

  /** Row "System.exit(3)". */
  @Task("exit_three")
  public void exitThree(TaskContext context) {
    System.exit(3);
  }

  /**
   * Crashes its executor (exit status 3) on the first attempt of this task in this manager, and
   * succeeds on the next: a flaky environment, for demos and tests of retries.
   */
  @Task("crash_once")
  public String crashOnce(TaskContext context) throws TdlError {
    if (firstAttempt(context, "crash-once")) {
      System.exit(3);
    }
    return "recovered";
  }

  /**
   * Spins forever, ignoring interrupts, on the first attempt of this task in this manager (so the
   * hard timeout kills it), and succeeds on the next.
   */
  @Task("hang_once")
  public String hangOnce(TaskContext context) throws TdlError {
    if (firstAttempt(context, "hang-once")) {
      spinForever(context);
    }
    return "recovered";
  }

  /**
   * Whether this is the first attempt of the context's task under the current manager: the first
   * attempt leaves a marker file named after the manager process (pid and start time, so a reused
   * pid is a different manager), the job and the task in the temporary directory.
   */
  private static boolean firstAttempt(TaskContext context, String what) throws TdlError {
    String manager =
        ProcessHandle.current()
            .parent()
            .map(p -> p.pid() + "-" + p.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L))
            .orElse("0");
    java.nio.file.Path marker =
        java.nio.file.Path.of(
            System.getProperty("java.io.tmpdir"),
            "spider-"
                + what
                + "-"
                + manager
                + "-"
                + Long.toUnsignedString(context.jobId())
                + "-"
                + context.taskId().toString().replaceAll("[^A-Za-z0-9]", ""));
    try {
      java.nio.file.Files.createFile(marker);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw TdlError.executionError(what + ": cannot create its marker " + marker + ": " + e);
    }
  }

  /** Row "Runtime.halt(134)": no shutdown hooks run, as after an abort. */
  @Task("halt_134")
  public void halt134(TaskContext context) {
    Runtime.getRuntime().halt(134);
  }

  /** Row "busy loop forever": never returns and never looks at its interrupt flag. */
  @Task("spin_forever")
  public void spinForever(TaskContext context) {
    spin();
  }

  private void spin() {
    while (true) {
      spinCounter++;
    }
  }

  /**
   * Row "sleep forever ignoring interrupts": only the hard timeout (killing the executor) ends it.
   */
  @Task("sleep_forever_ignoring_interrupts")
  public void sleepForeverIgnoringInterrupts(TaskContext context) {
    sleepForeverIgnoringInterrupts();
  }

  private static void sleepForeverIgnoringInterrupts() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException ignored) {
        // Swallowed on purpose, flag not restored: ignoring interruption is this task's point
        // (restoring the flag would turn the loop into a busy spin).
      }
    }
  }

  /**
   * Row "sleeps but honours interruption": sleeps {@code millis}; an interrupt (the soft timeout)
   * ends it with {@code InterruptedException}, which the executor reports as {@code Interrupted}.
   */
  @Task("sleep_honouring_interrupts")
  public void sleepHonouringInterrupts(TaskContext context, long millis)
      throws InterruptedException {
    Thread.sleep(millis);
  }

  /**
   * Row "leaves a non-daemon thread running": starts a thread that sleeps forever ignoring
   * interrupts, so the executor must still shut down promptly without waiting for it.
   */
  @Task("leave_non_daemon_thread")
  public String leaveNonDaemonThread(TaskContext context) {
    Thread lingering =
        new Thread(IntegrationTestTasks::sleepForeverIgnoringInterrupts, LINGERING_THREAD_NAME);
    lingering.setDaemon(false);
    lingering.start();
    return "started";
  }

  /**
   * Starts {@code sleep 600} and returns its pid without waiting for it, so tests can check what
   * becomes of a child process that outlives its task. Its output is discarded: the executor's
   * stdout carries the protocol.
   */
  @Task("start_child_process")
  public long startChildProcess(TaskContext context) throws IOException {
    return startSleepingChild().pid();
  }

  /**
   * Row "starts a child process that outlives the task, then times out": starts {@code sleep 600}
   * and spins, so the hard timeout kills the executor, and the child must go with it.
   */
  @Task("start_child_process_and_spin")
  public void startChildProcessAndSpin(TaskContext context) throws IOException {
    startSleepingChild();
    spin();
  }

  private static Process startSleepingChild() throws IOException {
    return new ProcessBuilder("sleep", "600")
        .redirectOutput(Redirect.DISCARD)
        .redirectError(Redirect.DISCARD)
        .start();
  }
}
