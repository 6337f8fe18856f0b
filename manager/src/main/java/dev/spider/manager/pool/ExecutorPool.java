package dev.spider.manager.pool;

import com.google.common.base.Stopwatch;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.protocol.process.CanonicalCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of executor subprocesses, each serving one task at a time (docs/process-pool.md).
 *
 * <p>{@link #execute} returns exactly one {@link Outcome} per call. Callers beyond the pool's size
 * queue, first come first served. An executor that times out or crashes is killed (its whole
 * process group) and replaced in the background, so replacement never blocks the other slots; one
 * found dead before a request was written to it is replaced and the request goes to another,
 * uncharged. Executors that die before their Hello are restarted with exponential backoff. Between
 * tasks an executor is also replaced when the {@link RecyclePolicy} says so: a package it loaded
 * changed on disk, it ran its maximum number of tasks, or its resident memory passed the ceiling. A
 * replacement is a warm spare when one is ready (docs/process-pool.md, "The spare"): started in the
 * background with the pool's recent packages loaded, so the next task starts at once.
 *
 * <p>Every request, task or description, goes through one loop: take an idle slot, replace its
 * executor if it is stale, write and wait, then give the slot back or replace its executor.
 *
 * <p>Thread-safe. {@link #close()} shuts every executor and spare down (Shutdown, grace period,
 * kill); none outlives the pool, and if the manager's JVM dies, executors exit on stdin EOF.
 */
public final class ExecutorPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutorPool.class);

  /** How often a waiting caller checks whether the pool closed or cannot start executors. */
  private static final long WAIT_SLICE_MILLIS = 200;

  private final PoolConfig config;
  private final Path crashDir;
  private final List<Slot> slots;
  private final SlotQueue<Slot> idle = new SlotQueue<>();
  private final SlotFiller filler;
  private final RecyclePolicy recycling;
  private final ExecutorService asyncCallers;
  private volatile boolean closed;

  private ExecutorPool(
      PoolConfig config, Path crashDir, ExecutorLauncher launcher, List<Slot> slots) {
    this.config = config;
    this.crashDir = crashDir;
    this.slots = slots;
    this.filler = new SlotFiller(config, launcher, idle, this::closed);
    this.recycling = RecyclePolicy.of(config);
    this.asyncCallers =
        Executors.newCachedThreadPool(
            new ThreadFactoryBuilder()
                .setNameFormat("pool-async-caller-%d")
                .setDaemon(true)
                .build());
  }

  /**
   * Starts a pool and waits until every executor has sent its Hello (or failed to).
   *
   * @throws PoolException when the executor jar, java binary or package directory is missing, or
   *     when not a single executor starts; the message carries the failure and its stderr
   * @throws InterruptedException when the calling thread is interrupted while it waits for the
   *     Hellos; every executor started is then killed
   */
  public static ExecutorPool start(PoolConfig config) throws PoolException, InterruptedException {
    requireFile(config.executorJar(), "executor jar");
    requireFile(config.javaBinary(), "java binary");
    if (!Files.isDirectory(config.packageDir())) {
      throw new PoolException(
          "package directory " + config.packageDir() + " does not exist or is not a directory");
    }
    Path crashDir = createCrashDir(config);
    ExecutorLauncher launcher = new ExecutorLauncher(config, crashDir);
    List<Slot> slots = IntStream.range(0, config.size()).mapToObj(Slot::new).toList();
    // Spawned before the rest of the pool is built and kill(2) is bound: the JVMs start meanwhile
    // (docs/process-pool.md, "Spawning").
    List<Optional<StartupFailure>> spawned = SlotFiller.spawnFirst(launcher, slots);
    ExecutorPool pool;
    try {
      ProcessGroups.bind();
      pool = new ExecutorPool(config, crashDir, launcher, slots);
    } catch (RuntimeException | Error e) {
      // Whatever failed, nothing else owns the executors just spawned.
      for (int i = 0; i < slots.size(); i++) {
        if (spawned.get(i).isEmpty()) {
          slots.get(i).current().kill(KillReason.SHUT_DOWN, "the pool could not be built: " + e);
        }
      }
      throw e;
    }
    List<Optional<StartupFailure>> starts;
    try {
      starts = pool.filler.awaitFirst(slots, spawned);
    } catch (InterruptedException | RuntimeException | Error e) {
      // A spawner thread that cannot be made, say: the caller gets no pool to close.
      pool.close();
      throw e;
    }
    List<StartupFailure> failures = new ArrayList<>();
    starts.forEach(start -> start.ifPresent(failures::add));
    if (failures.size() == config.size()) {
      pool.close();
      CrashReport first = failures.get(0).report();
      throw new PoolException(
          "no executor started"
              + notAnExecutorJar(config.executorJar()).map(why -> ": " + why).orElse("")
              + "; the first failure: "
              + first.summary()
              + "; its last stderr lines: "
              + first.stderrTail());
    }
    log.info(
        "pool of {} executors ready ({} failed to start and are retried), packages in {},"
            + " crash logs in {}",
        config.size() - failures.size(),
        failures.size(),
        config.packageDir(),
        pool.crashDir);
    return pool;
  }

  /** The directory executors write JVM crash logs to. */
  public Path crashDir() {
    return crashDir;
  }

  public int size() {
    return config.size();
  }

  /** Process ids of the executors currently in the pool's slots (live or being replaced). */
  public List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    for (ExecutorHandle executor : executors()) {
      if (executor.isAlive()) {
        pids.add(executor.pid());
      }
    }
    return pids;
  }

  /**
   * Process ids of the live spare executors, ready or still starting (docs/process-pool.md, "The
   * spare"); empty before the pool's first task, and when spares are disabled.
   */
  public List<Long> sparePids() {
    return filler.spares().pids();
  }

  /** Process ids of the spares that are warm and ready to take a slot at once. */
  public List<Long> readySparePids() {
    return filler.spares().readyPids();
  }

  /**
   * Runs one task on the next free executor and returns its outcome. A request whose frame would
   * exceed the maximum frame size is not sent: its outcome is an {@code InvalidRequest} failure,
   * and no executor is harmed.
   *
   * @throws PoolException when the pool is closed or no executor can be started at all
   */
  public Outcome execute(ExecuteRequest request, Timeouts timeouts)
      throws PoolException, InterruptedException {
    Optional<Outcome> tooLarge = FrameSizeCheck.refusal(request, config.maxFrameBytes());
    if (tooLarge.isPresent()) {
      return tooLarge.get();
    }
    return onNextExecutor(new Exchange.RunTask(request, timeouts));
  }

  /**
   * Asks the next free executor to load a package and describe it, so no package code runs in the
   * caller's JVM. The outcome is a {@link Outcome.Success} whose payload is the description map
   * ({@code ProtocolCodec.decodeDescription}), an {@link Outcome.InTaskFailure} naming why the
   * package cannot be loaded, or a timeout or crash (the executor is replaced as for tasks).
   *
   * @throws PoolException when the pool is closed or no executor can be started at all
   */
  public Outcome describe(String packageName, Duration timeout)
      throws PoolException, InterruptedException {
    return onNextExecutor(new Exchange.Describe(packageName, timeout));
  }

  /**
   * {@link #execute} on a pool thread; the future fails with {@link PoolException} as its cause.
   */
  public CompletableFuture<Outcome> executeAsync(ExecuteRequest request, Timeouts timeouts) {
    try {
      return runOnAsyncCaller(request, timeouts);
    } catch (RejectedExecutionException e) {
      // The caller threads stopped with the pool: the same answer as execute() gives.
      return CompletableFuture.failedFuture(new PoolException("the executor pool is closed", e));
    }
  }

  private CompletableFuture<Outcome> runOnAsyncCaller(ExecuteRequest request, Timeouts timeouts) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return execute(request, timeouts);
          } catch (PoolException e) {
            throw new CompletionException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        },
        asyncCallers);
  }

  /** The one take, exchange and give-back loop of every request. */
  private Outcome onNextExecutor(Exchange exchange) throws PoolException, InterruptedException {
    if (exchange instanceof Exchange.RunTask task) {
      filler.spares().noteTask(task.request().packageName());
    }
    while (true) {
      Slot slot = takeIdle();
      ExecutorHandle executor = slot.current();
      Optional<RecyclePolicy.Recycling> stale = recycling.beforeHandingOut(exchange, slot.usage());
      if (stale.isPresent()) {
        filler.retire(slot, stale.get().why());
        continue;
      }
      Outcome outcome;
      try {
        outcome = executor.exchange(exchange);
      } catch (LostBeforeWrite lost) {
        log.warn("[{}] {}; the request goes to another executor", executor.id(), lost.getMessage());
        filler.replace(slot, KillReason.LOST, lost.getMessage());
        continue;
      } catch (InterruptedException | RuntimeException | Error e) {
        // Whatever escapes mid-request, the slot gets a new executor: never a slot left BUSY.
        filler.replace(
            slot, KillReason.ABANDONED, "the caller was interrupted or failed mid-request: " + e);
        throw e;
      }
      giveBack(slot, executor);
      return outcome;
    }
  }

  /** After an outcome: the slot goes back idle, or gets a new executor. */
  private void giveBack(Slot slot, ExecutorHandle executor) {
    if (executor.state().isTerminal()) {
      filler.respawn(slot); // timed out or crashed: already killed
      return;
    }
    Optional<RecyclePolicy.Recycling> due = recycling.afterAnswer(executor);
    if (due.isPresent()) {
      filler.retire(slot, due.get().why());
      return;
    }
    idle.release(slot);
  }

  /**
   * The next free slot, first come first served. While waiting, checks every {@value
   * #WAIT_SLICE_MILLIS} ms (keeping its place in line) whether the pool closed or every slot is
   * failing to start an executor, and then gives up with a {@link PoolException}.
   */
  private Slot takeIdle() throws PoolException, InterruptedException {
    CompletableFuture<Slot> place = idle.request();
    try {
      while (true) {
        if (closed) {
          throw new PoolException("the executor pool is closed");
        }
        try {
          return place.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (slots.stream().allMatch(Slot::isFailing)) {
            throw new PoolException("no executor can be started: " + slots.get(0).lastFailure());
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException("slot futures never fail", e);
        }
      }
    } catch (PoolException | InterruptedException | RuntimeException e) {
      idle.abandon(place);
      throw e;
    }
  }

  /**
   * Shuts the pool down: no new executions; every executor is sent Shutdown (a running Java task is
   * interrupted), and killed with its process group if it has not exited within the grace period.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Stopwatch sinceClose = Stopwatch.createStarted();
    List<ExecutorHandle> executors = executors();
    executors.forEach(ExecutorHandle::requestShutdown);
    filler.shutdownNow();
    asyncCallers.shutdown();
    try {
      for (ExecutorHandle executor : executors) {
        executor.awaitExit(config.shutdownGrace().minus(sinceClose.elapsed()));
      }
      Duration spawnerGrace = config.shutdownGrace().plusSeconds(1);
      if (!filler.awaitTermination(spawnerGrace)) {
        log.warn("executor spawner threads still running {} after the pool closed", spawnerGrace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executors.forEach(h -> h.kill(KillReason.SHUT_DOWN, "interrupted while closing the pool"));
    }
    // An executor whose start raced with close() is killed by its start; kill any stragglers.
    executors().forEach(h -> h.kill(KillReason.SHUT_DOWN, "pool closed"));
    if (config.crashDir().isEmpty()) {
      try {
        Files.deleteIfExists(crashDir); // only if empty: crash logs are kept for forensics
      } catch (IOException e) {
        log.info("keeping crash directory {} ({})", crashDir, e.getClass().getSimpleName());
      }
    }
    log.info("executor pool closed");
  }

  private boolean closed() {
    return closed;
  }

  /** The executors in the slots now, live or not. */
  private List<ExecutorHandle> executors() {
    return slots.stream().flatMap(slot -> slot.executor().stream()).toList();
  }

  private static Path createCrashDir(PoolConfig config) throws PoolException {
    try {
      return config.crashDir().isPresent()
          ? Files.createDirectories(config.crashDir().get())
          : Files.createTempDirectory("spider-executor-crash");
    } catch (IOException e) {
      throw new PoolException(
          "cannot create the executor crash directory "
              + config.crashDir().map(Path::toString).orElse("(a temporary one)")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Why {@code jar} is no executor jar, if it lacks the main class the command line names (docs/
   * frame-protocol.md, "Running an executor"). Looked at only once no executor started, so that a
   * start never pays for reading the jar.
   */
  private static Optional<String> notAnExecutorJar(Path jar) {
    String entry = CanonicalCommandLine.MAIN_CLASS.replace('.', '/') + ".class";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry(entry) == null
          ? Optional.of(
              jar
                  + " holds no "
                  + CanonicalCommandLine.MAIN_CLASS
                  + ", the main class executors run: it is not a Spider executor jar (use the"
                  + " spider-executor.jar the build or the spider CLI provides)")
          : Optional.empty();
    } catch (IOException e) {
      return Optional.of(jar + " cannot be read as a jar (" + e.getMessage() + ")");
    }
  }

  private static void requireFile(Path path, String what) throws PoolException {
    if (!Files.isRegularFile(path)) {
      throw new PoolException(what + " " + path + " does not exist or is not a file");
    }
  }
}
