package dev.spider.tests.bench;

import dev.spider.manager.pool.ClassDataArchive;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spider's overhead benchmark: where the time of one task goes, against the physical floor.
 *
 * <p>Everything runs through the real {@link ExecutorPool}, whose executors run under the canonical
 * command line (docs/frame-protocol.md). The phases, in order: the executors' class-data archive,
 * found or built before anything is measured; steady state of the JAR and the native {@code
 * sleep_and_echo} on one long-lived executor; the C ping-pong floor with the request's frame size;
 * reference figures (a 50 µs park, {@link StartupReference}); spawn → Hello with the cold first
 * tasks, with and without the archive; crash → next task; timeout accuracy; throughput of tiny
 * tasks with one and two executors; {@link MemoryPhase}; {@link ClusterFanOut}. {@link Goals} are
 * reported, never asserted. {@code docs/benchmark.md} says what each row means.
 *
 * <p>Longer than the project's usual class: the phases that share the run's pool settings, sample
 * requests and failure reporting stay here, one method each; the phases that stand alone
 * (references, memory, cluster, goals) have classes of their own.
 *
 * <p>Run it with {@code mvn -B -Pbench -DskipTests verify} (see the README); the normal test run
 * makes a smoke run through {@code OverheadBenchmarkSmokeTest}.
 */
public final class OverheadBenchmark {

  static final String JAR_PACKAGE = "integration_test_tasks";
  static final String NATIVE_PACKAGE = "native_test_tasks";
  static final long SLEEP_MICROS = 50;
  static final int STRINGS = 100;

  /** Steady-state warm-up requests between two looks at the harness JVM's JIT. */
  private static final int WARMUP_ROUND = 1000;

  /**
   * The harness JVM's JIT is quiet once it compiled for at most this long over a round: what is
   * left then are stray compilations, about 1 ms per thousand requests.
   */
  private static final long QUIET_ROUND_MILLIS = 2;

  /** Quiet rounds in a row that end the warm-up: one alone may fall between two compilations. */
  private static final int QUIET_ROUNDS = 2;

  private static final Timeouts GENEROUS = Timeouts.hard(Duration.ofSeconds(30));

  /** How long the run waits for the class-data archive the first pool started building. */
  private static final Duration ARCHIVE_BUILD = Duration.ofMinutes(3);

  /** Extra JVM option that keeps a pool's executors off the class-data archive. */
  private static final List<String> NO_ARCHIVE = List.of("-Xshare:auto");

  private final BenchSettings settings;
  private final Report report;
  private final Path crashDir;
  private final TailSink executorLog = new TailSink(200);
  private final ExecuteRequest jarEcho;
  private final ExecuteRequest nativeEcho;
  private final byte[] echoInputs;
  private String loadAtStart = "?";

  private OverheadBenchmark(BenchSettings settings, Path crashDir) throws CodecException {
    this.settings = settings;
    this.report = new Report(settings);
    this.crashDir = crashDir;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < STRINGS; i++) {
      paths.add(
          String.format(
              Locale.ROOT, "/data/spider/jobs/job-%06d/inputs/part-%05d.parquet", 4217, i));
    }
    this.echoInputs = Tdl.inputs(TdlCodec.ofType(stringListType()).encode(paths));
    this.jarEcho =
        new ExecuteRequest(JAR_PACKAGE, "sleep_and_echo", Tdl.indexContext(), echoInputs);
    this.nativeEcho =
        new ExecuteRequest(NATIVE_PACKAGE, "sleep_and_echo", Tdl.indexContext(), echoInputs);
  }

  public static void main(String[] args) throws Exception {
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Report report = run(settings);
    System.out.println();
    System.out.println(report.toMarkdown());
    System.out.println("(written to " + settings.tableFile().toAbsolutePath() + ")");
  }

  /** Runs every phase and writes the table to {@link BenchSettings#tableFile()}. */
  static Report run(BenchSettings settings) throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(settings.outputDir());
    Path crashDir = Files.createDirectories(settings.outputDir().resolve("crash-logs"));
    OverheadBenchmark bench = new OverheadBenchmark(settings, crashDir);
    bench.runPhases();
    long seconds = Math.round((System.nanoTime() - started) / 1e9);
    bench.report.context(
        "Run took "
            + seconds
            + " s; load average before → after: "
            + bench.loadAtStart
            + " → "
            + loadAverage()
            + " (other work on the machine skews every figure).");
    Files.writeString(settings.tableFile(), bench.report.toMarkdown(), StandardCharsets.UTF_8);
    return bench.report;
  }

  private void runPhases() throws Exception {
    loadAtStart = loadAverage();
    int requestFrame =
        4
            + ProtocolCodec.encode(
                    new Request.Execute(
                        1_000_000, JAR_PACKAGE, "sleep_and_echo", Tdl.indexContext(), echoInputs))
                .length;
    int resultFrame =
        4 + ProtocolCodec.encode(new Response.Result(1_000_000, true, echoInputs, 150)).length;
    Runtime runtime = Runtime.getRuntime();
    report.context(
        String.format(
            Locale.ROOT,
            "%s, %d CPUs, %s %s, Java %s (%s).",
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            runtime.availableProcessors(),
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name")));
    report.context(
        String.format(
            Locale.ROOT,
            "Steady state: `sleep_and_echo` with %d path-like strings, %d µs sleep; Execute request frame"
                + " %d B, Result frame %d B; %s warm-up requests excluded, then %d samples per package"
                + " on one long-lived executor.",
            STRINGS,
            SLEEP_MICROS,
            requestFrame,
            resultFrame,
            settings.maxWarmup() > settings.warmup()
                ? String.format(
                    Locale.ROOT,
                    "at least %d (up to %d, until the harness JVM's JIT is quiet)",
                    settings.warmup(),
                    settings.maxWarmup())
                : Integer.toString(settings.warmup()),
            settings.samples()));
    report.context(
        "Executors run under the canonical command line (`-Xmx"
            + PoolConfig.DEFAULT_HEAP
            + "`), through `ExecutorPool`; all figures are wall-clock `System.nanoTime()` in the manager"
            + " (the harness) except `elapsed_us`, which the executor reports.");

    // The first pool asks for the executors' class-data archive; it is built (or found) before
    // anything is measured, so that no training executor competes with the measurements.
    progress("class-data archive: finding it, or building it first");
    try (ExecutorPool pool = ExecutorPool.start(config(1))) {
      success(pool.execute(add(1, 2), GENEROUS), add(1, 2));
    }
    ClassDataArchive classData = ClassDataArchive.of(config(1));
    classData.awaitReady(ARCHIVE_BUILD);
    ClassDataArchive.State archive = classData.state();
    List<String> archiveOptions =
        archive instanceof ClassDataArchive.State.Ready ready ? ready.jvmOptions() : List.of();
    report.context(
        archive instanceof ClassDataArchive.State.Ready ready
            ? "Executors start with the class-data archive `" + ready.path().getFileName() + "`."
            : "No class-data archive (" + archive + ").");

    progress(
        "steady state: %d to %d + %d requests per package",
        settings.warmup(), settings.maxWarmup(), settings.samples());
    try (ExecutorPool pool = ExecutorPool.start(config(1))) {
      steadyState(
          pool,
          jarEcho,
          Measurement.JAR_E2E,
          Measurement.JAR_EXECUTOR,
          Measurement.JAR_INTERNAL,
          Measurement.JAR_IPC);
      steadyState(
          pool,
          nativeEcho,
          Measurement.NATIVE_E2E,
          Measurement.NATIVE_EXECUTOR,
          Measurement.NATIVE_INTERNAL,
          Measurement.NATIVE_IPC);
    }

    progress("C floor: %d round trips of %d B", settings.floorRoundTrips(), requestFrame);
    Path pingPong = TestEnvironment.pingPongBinary();
    report.add(
        PipeFloor.run(
            Measurement.FLOOR,
            pingPong,
            Optional.empty(),
            requestFrame,
            settings.floorRoundTrips()));
    report.addRatio(Measurement.IPC_TO_FLOOR, Measurement.JAR_IPC, Measurement.FLOOR);
    Optional<Path> taskset = PipeFloor.taskset();
    if (taskset.isPresent()) {
      report.add(
          PipeFloor.run(
              Measurement.FLOOR_ONE_CPU,
              pingPong,
              taskset,
              requestFrame,
              settings.floorRoundTrips()));
      report.addRatio(
          Measurement.IPC_TO_FLOOR_ONE_CPU, Measurement.JAR_IPC, Measurement.FLOOR_ONE_CPU);
    }

    progress("references: 50 µs park, trivial JVM and executor process spawn");
    parkReference();
    StartupReference references =
        new StartupReference(crashDir, archiveOptions, settings.outputDir().resolve("startup"));
    references.run(report, settings.spawnRuns());

    progress("spawn → Hello: %d pools", settings.spawnRuns());
    spawn(references.trivialJvm());

    progress("crash → next task: %d crashes", settings.crashRuns());
    crash();

    progress(
        "timeout accuracy: %d × %d ms per package",
        settings.timeoutRuns(), settings.hardTimeout().toMillis());
    timeouts();

    for (int n = 1; n <= 2; n++) {
      progress("throughput: N = %d for %d ms", n, settings.throughputRun().toMillis());
      throughput(n);
    }
    progress(
        "memory: %d idle executors, RSS over %d tasks",
        settings.memoryRuns(), settings.driftTasks());
    new MemoryPhase(this::config, List.of(jarEcho, nativeEcho))
        .run(report, settings.memoryRuns(), settings.driftTasks());
    progress(
        "cluster fan-out: %d tasks, embedded and through spider head", settings.clusterTasks());
    report.add(ClusterFanOut.run(settings.clusterTasks(), settings.outputDir().resolve("cluster")));
    Goals.addAll(report);
  }

  // ---- phases ----------------------------------------------------------------------------------

  private void steadyState(
      ExecutorPool pool,
      ExecuteRequest request,
      Measurement e2eRow,
      Measurement executorRow,
      Measurement internalRow,
      Measurement ipcRow)
      throws Exception {
    Outcome.Success first = success(pool.execute(request, GENEROUS), request);
    if (!java.util.Arrays.equals(first.outputs(), echoInputs)) {
      throw new IllegalStateException(request + " did not echo its input");
    }
    // The warm-up runs the sampling loop itself, into distributions that are thrown away, so that
    // the harness's own timing code is compiled before the samples too.
    int warmedUp = 1 + sample(pool, request, settings.warmup() - 1, new Samples());
    // Then on, round by round, until the harness JVM (the manager) stops compiling for two rounds
    // in a row: a manager that has served a while runs its request path compiled, and a
    // compilation during the samples takes a CPU of two from the round trips it times. The JVM
    // counts a compilation when it ends, so one that spans two rounds can hide in both; without
    // the JVM's account every round counts as quiet.
    Optional<JitClock> jit = JitClock.start();
    int quietRounds = 0;
    while (quietRounds < QUIET_ROUNDS && warmedUp < settings.maxWarmup()) {
      warmedUp +=
          sample(
              pool,
              request,
              Math.min(WARMUP_ROUND, settings.maxWarmup() - warmedUp),
              new Samples());
      boolean quiet = jit.map(c -> c.lap().toMillis() <= QUIET_ROUND_MILLIS).orElse(true);
      quietRounds = quiet ? quietRounds + 1 : 0;
    }
    jit.ifPresent(JitClock::lap);
    Samples samples = new Samples();
    sample(pool, request, settings.samples(), samples);
    report.context(
        String.format(
            Locale.ROOT,
            "`%s`: %d warm-up requests; the harness JVM's JIT then compiled for %s during the %d"
                + " samples.",
            request.packageName(),
            warmedUp,
            jit.map(c -> c.lap().toMillis() + " ms").orElse("an unknown time (no account kept)"),
            settings.samples()));
    report.add(e2eRow, samples.e2e);
    report.add(executorRow, samples.executor);
    report.add(internalRow, samples.internal);
    report.add(ipcRow, samples.ipc);
  }

  /** The four distributions of the steady state's rows. */
  private static final class Samples {
    final Distribution e2e = new Distribution();
    final Distribution executor = new Distribution();
    final Distribution internal = new Distribution();
    final Distribution ipc = new Distribution();
  }

  /** Runs {@code count} requests, timing each into {@code into}; returns {@code count}. */
  private int sample(ExecutorPool pool, ExecuteRequest request, int count, Samples into)
      throws Exception {
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Outcome outcome = pool.execute(request, GENEROUS);
      long end = System.nanoTime();
      Outcome.Success success = success(outcome, request);
      double e2eMicros = (end - start) / 1e3;
      into.e2e.add(e2eMicros);
      into.executor.add(success.elapsedMicros());
      into.internal.add(success.elapsedMicros() - SLEEP_MICROS);
      into.ipc.add(e2eMicros - success.elapsedMicros());
    }
    return count;
  }

  private void parkReference() {
    Distribution park = new Distribution();
    for (int i = 0; i < settings.warmup() + settings.samples(); i++) {
      long start = System.nanoTime();
      LockSupport.parkNanos(SLEEP_MICROS * 1000);
      long end = System.nanoTime();
      if (i >= settings.warmup()) {
        park.add((end - start) / 1e3);
      }
    }
    report.add(Measurement.PARK_50US, park);
  }

  /**
   * Pools of one, each timed from its start to its first tasks' ends; pools whose executor has no
   * class-data archive take turns with them, so that the machine's load falls on both alike, and so
   * does {@code trivialJvm}, timed just before each pool: the speed of this machine drifts by
   * several percent over the seconds between the reference rounds and these.
   */
  private void spawn(List<String> trivialJvm) throws Exception {
    Distribution trivial = new Distribution();
    Distribution hello = new Distribution();
    Distribution helloNoArchive = new Distribution();
    Distribution firstJar = new Distribution();
    Distribution firstNative = new Distribution();
    // The configurations are made before the clock starts: spawn → Hello is the pool's start.
    PoolConfig noArchive = config(1, NO_ARCHIVE);
    PoolConfig withArchive = config(1);
    for (int i = 0; i < settings.spawnRuns(); i++) {
      long startNoArchive = System.nanoTime();
      try (ExecutorPool pool = ExecutorPool.start(noArchive)) {
        helloNoArchive.add((System.nanoTime() - startNoArchive) / 1e6);
        success(pool.execute(jarEcho, GENEROUS), jarEcho);
      }
      trivial.add(StartupReference.firstByte(trivialJvm, false));
      long start = System.nanoTime();
      try (ExecutorPool pool = ExecutorPool.start(withArchive)) {
        long ready = System.nanoTime();
        success(pool.execute(jarEcho, GENEROUS), jarEcho);
        long jarDone = System.nanoTime();
        success(pool.execute(nativeEcho, GENEROUS), nativeEcho);
        long nativeDone = System.nanoTime();
        hello.add((ready - start) / 1e6);
        firstJar.add((jarDone - ready) / 1e6);
        firstNative.add((nativeDone - jarDone) / 1e6);
      }
    }
    report.add(Measurement.SPAWN_HELLO, hello);
    report.add(Measurement.SPAWN_HELLO_NO_ARCHIVE, helloNoArchive);
    report.addRatio(
        Measurement.SPAWN_HELLO_TO_JVM_FLOOR, Measurement.SPAWN_HELLO, Measurement.JVM_FLOOR);
    report.add(Measurement.JVM_FLOOR_WITH_POOLS, trivial);
    report.addRatio(
        Measurement.SPAWN_HELLO_TO_JVM_FLOOR_WITH_POOLS,
        Measurement.SPAWN_HELLO,
        Measurement.JVM_FLOOR_WITH_POOLS);
    report.add(Measurement.FIRST_JAR_TASK, firstJar);
    report.add(Measurement.FIRST_NATIVE_TASK, firstNative);
  }

  /**
   * A native task calls {@code abort()} on an executor that has the package loaded, so the crash
   * follows the request within microseconds: the request's start stands for the moment of the
   * crash. The next task is a JAR task on the replacement; it started {@code elapsed_us} before its
   * result arrived (package loading is inside {@code elapsed_us}, so it is not counted).
   */
  private void crash() throws Exception {
    Distribution toOutcome = new Distribution();
    Distribution toNextTask = new Distribution();
    Distribution toNextResult = new Distribution();
    ExecuteRequest abort = request(NATIVE_PACKAGE, "abort_process");
    ExecuteRequest add = add(40, 2);
    try (ExecutorPool pool = ExecutorPool.start(config(1))) {
      // One unmeasured round: both packages become the pool's recent ones, which every spare
      // started from then on loads before it is ready (docs/process-pool.md, "The spare").
      success(pool.execute(nativeEcho, GENEROUS), nativeEcho);
      success(pool.execute(add, GENEROUS), add);
      pool.execute(abort, GENEROUS);
      for (int i = 0; i < settings.crashRuns(); i++) {
        success(
            pool.execute(nativeEcho, GENEROUS),
            nativeEcho); // loads the package; waits for a replacement
        awaitReadySpare(pool);
        long crash = System.nanoTime();
        Outcome outcome = pool.execute(abort, GENEROUS);
        long reported = System.nanoTime();
        if (!(outcome instanceof Outcome.ExecutorCrash)) {
          throw new IllegalStateException(
              "abort_process gave " + outcome + ", not an ExecutorCrash");
        }
        Outcome.Success next = success(pool.execute(add, GENEROUS), add);
        long nextDone = System.nanoTime();
        toOutcome.add((reported - crash) / 1e6);
        toNextTask.add((nextDone - next.elapsedMicros() * 1000 - crash) / 1e6);
        toNextResult.add((nextDone - reported) / 1e6);
      }
    }
    report.add(Measurement.CRASH_OUTCOME, toOutcome);
    report.add(Measurement.CRASH_NEXT_TASK, toNextTask);
    report.add(Measurement.FIRST_TASK_ON_REPLACEMENT, toNextResult);
  }

  /**
   * Waits until the pool has a warm spare, so that each crash measures the spare path rather than a
   * cold spawn racing the previous crash's replacement.
   */
  private static void awaitReadySpare(ExecutorPool pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pool.readySparePids().isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no spare executor became ready within 60 s");
      }
      Thread.sleep(5);
    }
  }

  private void timeouts() throws Exception {
    Distribution jar = new Distribution();
    Distribution nat = new Distribution();
    Timeouts hard = Timeouts.hard(settings.hardTimeout());
    double hardMillis = settings.hardTimeout().toNanos() / 1e6;
    try (ExecutorPool pool = ExecutorPool.start(config(1))) {
      for (int i = 0; i < settings.timeoutRuns(); i++) {
        for (boolean isNative : new boolean[] {false, true}) {
          ExecuteRequest warm = isNative ? nativeEcho : jarEcho;
          ExecuteRequest spin = request(isNative ? NATIVE_PACKAGE : JAR_PACKAGE, "spin_forever");
          success(pool.execute(warm, GENEROUS), warm); // a replacement is ready, the package loaded
          long start = System.nanoTime();
          Outcome outcome = pool.execute(spin, hard);
          long end = System.nanoTime();
          if (!(outcome instanceof Outcome.Timeout)) {
            throw new IllegalStateException(spin + " gave " + outcome + ", not a Timeout");
          }
          (isNative ? nat : jar).add((end - start) / 1e6 - hardMillis);
        }
      }
    }
    report.add(Measurement.TIMEOUT_JAR, jar);
    report.add(Measurement.TIMEOUT_NATIVE, nat);
  }

  /** {@code executors} synchronous callers, each running {@code add} in a loop. */
  private void throughput(int executors) throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(config(executors))) {
      runCallers(pool, executors, settings.throughputWarmup(), Long.MAX_VALUE); // warm-up
      long deadline = System.nanoTime() + settings.throughputRun().toNanos();
      List<Caller> callers = runCallers(pool, executors, Integer.MAX_VALUE, deadline);
      long tasks = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      Distribution latency = new Distribution();
      for (Caller c : callers) {
        if (c.failure != null) {
          throw new IllegalStateException("a throughput caller failed", c.failure);
        }
        tasks += c.tasks;
        first = Math.min(first, c.start);
        last = Math.max(last, c.end);
        latency.addAll(c.latency);
      }
      report.add(
          new Report.Throughput(
              executors,
              executors,
              tasks,
              (last - first) / 1e9,
              latency.percentile(50),
              latency.percentile(99)));
    }
  }

  private List<Caller> runCallers(ExecutorPool pool, int count, int tasksEach, long deadline)
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Caller> callers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Caller caller = new Caller(pool, go, tasksEach, deadline, i);
      callers.add(caller);
      Thread thread = new Thread(caller, "bench-caller-" + i);
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    return callers;
  }

  /** One synchronous caller of the throughput phase. */
  private final class Caller implements Runnable {
    final ExecutorPool pool;
    final CountDownLatch go;
    final int maxTasks;
    final long deadline;
    final int index;
    final Distribution latency = new Distribution();
    long tasks;
    long start;
    long end;
    Exception failure;

    Caller(ExecutorPool pool, CountDownLatch go, int maxTasks, long deadline, int index) {
      this.pool = pool;
      this.go = go;
      this.maxTasks = maxTasks;
      this.deadline = deadline;
      this.index = index;
    }

    @Override
    public void run() {
      try {
        go.await();
        start = System.nanoTime();
        long now = start;
        while (tasks < maxTasks && now < deadline) {
          ExecuteRequest add = add(tasks, index);
          Outcome outcome = pool.execute(add, GENEROUS);
          long done = System.nanoTime();
          Outcome.Success success = success(outcome, add);
          if (tasks == 0 && Tdl.singleOutput(success.outputs(), Long.class) != index) {
            throw new IllegalStateException("add(0, " + index + ") returned a wrong sum");
          }
          latency.add((done - now) / 1e3);
          tasks++;
          now = done;
        }
        end = now;
      } catch (Exception e) {
        failure = e;
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private PoolConfig config(int size) {
    return config(size, List.of());
  }

  private PoolConfig config(int size, List<String> extraJvmOptions) {
    return PoolConfig.builder(TestEnvironment.executorJar(), TestEnvironment.packagesDir())
        .size(size)
        .extraJvmOptions(extraJvmOptions)
        .crashDir(crashDir)
        .shutdownGrace(Duration.ofSeconds(5))
        .logSink(executorLog)
        .build();
  }

  private Outcome.Success success(Outcome outcome, ExecuteRequest request) {
    if (outcome instanceof Outcome.Success success) {
      return success;
    }
    throw new IllegalStateException(
        request
            + " gave "
            + outcome
            + "; the executors' last log lines:\n"
            + String.join("\n", executorLog.tail()));
  }

  private static ExecuteRequest request(String pkg, String task) {
    return new ExecuteRequest(pkg, task, Tdl.indexContext(), Tdl.noInputs());
  }

  private static ExecuteRequest add(long a, long b) {
    return new ExecuteRequest(
        JAR_PACKAGE,
        "add",
        Tdl.indexContext(),
        Tdl.inputs(Tdl.encode(Long.class, a), Tdl.encode(Long.class, b)));
  }

  /** The 1-minute load average from {@code /proc/loadavg}, or "?" where there is none. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void progress(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }

  private static Type stringListType() {
    try {
      return OverheadBenchmark.class.getDeclaredField("STRING_LIST").getGenericType();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unused") // its generic type is read by stringListType()
  private static List<String> STRING_LIST;

  /** Keeps the executors' last stderr lines for failure messages; drops the rest. */
  private static final class TailSink implements ExecutorLogSink {
    private final int keep;
    private final Deque<String> lines = new ArrayDeque<>();

    TailSink(int keep) {
      this.keep = keep;
    }

    @Override
    public synchronized void line(String executorId, String line) {
      if (lines.size() == keep) {
        lines.removeFirst();
      }
      lines.addLast("[" + executorId + "] " + line);
    }

    @Override
    public void droppedLine(String executorId, int maxLineBytes) {
      line(executorId, "(a line longer than " + maxLineBytes + " bytes was dropped)");
    }

    synchronized List<String> tail() {
      return List.copyOf(lines);
    }
  }
}
