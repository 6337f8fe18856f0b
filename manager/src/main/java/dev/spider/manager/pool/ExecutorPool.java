package dev.spider.manager.pool;

import dev.spider.protocol.process.ExecutorEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of executor subprocesses, each serving one task at a time.
 *
 * <p>{@link #execute} returns exactly one {@link Outcome} per call. Callers beyond the pool's size
 * queue, first come first served. An executor that times out or crashes is killed (its whole
 * process group) and replaced in the background, so replacement never blocks the other slots; one
 * found dead before a request was written to it is replaced and the request goes to another,
 * uncharged. Executors that die before their Hello are restarted with exponential backoff. Between
 * tasks an executor is also replaced when a package it loaded changed on disk, when it ran its
 * maximum number of tasks, or when its resident memory passed the ceiling.
 *
 * <p>Thread-safe. {@link #close()} shuts every executor down (Shutdown, grace period, kill); no
 * executor outlives the pool, and if the manager's JVM dies, executors exit on stdin EOF.
 */
public final class ExecutorPool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutorPool.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final long WAIT_SLICE_MILLIS = 200;

  private final PoolConfig config;
  private final Path crashDir;
  private final Map<String, String> executorEnvironment;
  private final List<Slot> slots = new ArrayList<>();
  private final SlotQueue<Slot> idle = new SlotQueue<>();
  private final ScheduledExecutorService spawner;
  private final ExecutorService asyncCallers;
  private final AtomicInteger executorIds = new AtomicInteger();
  private volatile boolean closed;

  private ExecutorPool(PoolConfig config, Path crashDir, Map<String, String> executorEnvironment) {
    this.config = config;
    this.crashDir = crashDir;
    this.executorEnvironment = executorEnvironment;
    this.spawner = Executors.newScheduledThreadPool(config.size(), named("executor-spawner"));
    this.asyncCallers = Executors.newCachedThreadPool(named("pool-async-caller"));
  }

  /**
   * Starts a pool and waits until every executor has sent its Hello (or failed to).
   *
   * @throws PoolException when the executor jar, java binary or package directory is missing, or
   *     when not a single executor starts; the message carries the failure and its stderr
   */
  public static ExecutorPool start(PoolConfig config) throws PoolException, InterruptedException {
    requireFile(config.executorJar(), "executor jar");
    requireFile(config.javaBinary(), "java binary");
    if (!Files.isDirectory(config.packageDir())) {
      throw new PoolException("package directory " + config.packageDir() + " does not exist or is not a directory");
    }
    Path crashDir;
    try {
      crashDir = config.crashDir().isPresent()
          ? Files.createDirectories(config.crashDir().get())
          : Files.createTempDirectory("spider-executor-crash");
    } catch (IOException e) {
      throw new PoolException("cannot create the executor crash directory: " + e.getMessage(), e);
    }
    ExecutorPool pool = new ExecutorPool(config, crashDir, environment(config));
    List<ExecutorHandle.StartupFailure> failures = new ArrayList<>();
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < config.size(); i++) {
      Slot slot = new Slot(i);
      pool.slots.add(slot);
      starts.add(CompletableFuture.runAsync(() -> pool.firstStart(slot, failures), pool.spawner));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    if (failures.size() == config.size()) {
      pool.close();
      throw new PoolException(
          "no executor started; the first failure: " + failures.get(0).report().summary()
              + "; its last stderr lines: " + failures.get(0).report().stderrTail());
    }
    log.info(
        "pool of {} executors ready ({} failed to start and are retried), packages in {}, crash logs in {}",
        config.size() - failures.size(),
        failures.size(),
        config.packageDir(),
        crashDir);
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
    for (Slot slot : slots) {
      ExecutorHandle handle = slot.handle;
      if (handle != null && handle.isAlive()) {
        pids.add(handle.pid());
      }
    }
    return pids;
  }

  /**
   * Runs one task on the next free executor and returns its outcome. A request whose frame would
   * exceed the maximum frame size is not sent: its outcome is an {@code InvalidRequest} failure,
   * and no executor is harmed.
   *
   * @throws PoolException when the pool is closed or no executor can be started at all
   */
  public Outcome execute(ExecuteRequest request, Timeouts timeouts) throws PoolException, InterruptedException {
    java.util.Optional<Outcome> tooLarge = ExecutorHandle.refuseOversize(request, config.maxFrameBytes());
    if (tooLarge.isPresent()) {
      return tooLarge.get();
    }
    while (true) {
      Slot slot = takeIdle();
      ExecutorHandle handle = slot.handle;
      if (handle.packagesChanged()) {
        retire(slot, "a package it loaded changed on disk");
        continue;
      }
      Outcome outcome;
      try {
        outcome = handle.run(request, timeouts);
      } catch (ExecutorHandle.LostBeforeWrite lost) {
        log.warn("[{}] {}; the request goes to another executor", handle.id(), lost.getMessage());
        replace(slot, lost.getMessage());
        continue;
      } catch (InterruptedException | RuntimeException e) {
        handle.kill("the caller was interrupted or failed mid-task: " + e);
        replace(slot, "caller interrupted mid-task");
        throw e;
      }
      afterTask(slot, outcome);
      return outcome;
    }
  }

  /**
   * Asks the next free executor to load a package and describe it, so no package code runs in the
   * caller's JVM. The outcome is a {@link Outcome.Success} whose payload is the description map
   * ({@code ProtocolCodec.decodeDescription}), an {@link Outcome.InTaskFailure} naming why the
   * package cannot be loaded, or a timeout or crash (the executor is replaced as for tasks).
   *
   * @throws PoolException when the pool is closed or no executor can be started at all
   */
  public Outcome describe(String packageName, Duration timeout) throws PoolException, InterruptedException {
    while (true) {
      Slot slot = takeIdle();
      ExecutorHandle handle = slot.handle;
      Outcome outcome;
      try {
        outcome = handle.describe(packageName, timeout);
      } catch (ExecutorHandle.LostBeforeWrite lost) {
        replace(slot, lost.getMessage());
        continue;
      } catch (InterruptedException | RuntimeException e) {
        handle.kill("the caller was interrupted or failed mid-request: " + e);
        replace(slot, "caller interrupted mid-request");
        throw e;
      }
      afterTask(slot, outcome);
      return outcome;
    }
  }

  /** {@link #execute} on a pool thread; the future fails with {@link PoolException} as its cause. */
  public CompletableFuture<Outcome> executeAsync(ExecuteRequest request, Timeouts timeouts) {
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

  private void afterTask(Slot slot, Outcome outcome) {
    ExecutorHandle handle = slot.handle;
    if (outcome instanceof Outcome.Timeout || outcome instanceof Outcome.ExecutorCrash) {
      replace(slot, outcome.toString());
      return;
    }
    if (config.maxTasksPerExecutor().isPresent() && handle.tasksRun() >= config.maxTasksPerExecutor().getAsLong()) {
      retire(slot, "it ran its maximum of " + config.maxTasksPerExecutor().getAsLong() + " tasks");
      return;
    }
    if (config.maxResidentBytes().isPresent()) {
      long limit = config.maxResidentBytes().getAsLong();
      long rss = handle.residentBytes().orElse(0);
      if (rss > limit) {
        retire(slot, "its resident memory " + rss + " B passed the ceiling of " + limit + " B");
        return;
      }
    }
    idle.release(slot);
  }

  /**
   * The next free slot, first come first served. While waiting, checks every {@value
   * #WAIT_SLICE_MILLIS} ms (keeping its place in line) whether the pool closed or every slot is
   * failing to start an executor, and then gives up with a {@link PoolException}.
   */
  private Slot takeIdle() throws PoolException, InterruptedException {
    java.util.concurrent.CompletableFuture<Slot> place = idle.request();
    try {
      while (true) {
        if (closed) {
          throw new PoolException("the executor pool is closed");
        }
        try {
          return place.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (slots.stream().allMatch(s -> s.consecutiveFailures > 0)) {
            throw new PoolException("no executor can be started: " + slots.get(0).lastFailure);
          }
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("slot futures never fail", e);
        }
      }
    } catch (PoolException | InterruptedException | RuntimeException e) {
      idle.abandon(place);
      throw e;
    }
  }

  /** Replaces a slot's executor gracefully (between tasks): Shutdown, grace, kill, respawn. */
  private void retire(Slot slot, String why) {
    ExecutorHandle old = slot.handle;
    log.info("[{}] retiring: {}", old.id(), why);
    spawner.execute(
        () -> {
          old.requestShutdown();
          try {
            old.awaitExit(System.nanoTime() + config.shutdownGrace().toNanos());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            old.kill("interrupted while retiring");
          }
        });
    spawnInto(slot, Duration.ZERO);
  }

  /** Replaces a slot's dead or misbehaving executor in the background. */
  private void replace(Slot slot, String why) {
    ExecutorHandle old = slot.handle;
    old.kill("replacing it: " + why);
    spawnInto(slot, Duration.ZERO);
  }

  private void firstStart(Slot slot, List<ExecutorHandle.StartupFailure> failures) {
    try {
      startExecutor(slot);
      idle.release(slot);
    } catch (ExecutorHandle.StartupFailure e) {
      synchronized (failures) {
        failures.add(e);
      }
      scheduleRetry(slot, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void spawnInto(Slot slot, Duration delay) {
    if (closed) {
      return;
    }
    spawner.schedule(
        () -> {
          if (closed) {
            return;
          }
          try {
            startExecutor(slot);
            idle.release(slot);
          } catch (ExecutorHandle.StartupFailure e) {
            scheduleRetry(slot, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException | Error e) {
            // Never lose a slot silently: count it as a failed start and retry with backoff.
            log.error("starting an executor in slot {} failed unexpectedly", slot.index, e);
            scheduleRetry(slot, ExecutorHandle.StartupFailure.cannotSpawn("slot-" + slot.index, e.toString()));
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void scheduleRetry(Slot slot, ExecutorHandle.StartupFailure failure) {
    slot.consecutiveFailures++;
    slot.lastFailure = failure.report().summary() + "; last stderr lines: " + failure.report().stderrTail();
    long millis =
        Math.min(MAX_BACKOFF.toMillis(), MIN_BACKOFF.toMillis() << Math.min(20, slot.consecutiveFailures - 1));
    log.error(
        "executor slot {} failed to start ({} in a row), retrying in {} ms: {}",
        slot.index,
        slot.consecutiveFailures,
        millis,
        slot.lastFailure);
    spawnInto(slot, Duration.ofMillis(millis));
  }

  /** Spawns an executor into the slot and waits for its Hello; updates the slot's failure count. */
  private void startExecutor(Slot slot) throws ExecutorHandle.StartupFailure, InterruptedException {
    String id = "executor-" + executorIds.incrementAndGet();
    ExecutorHandle handle;
    try {
      handle = ExecutorHandle.spawn(id, config, crashDir, executorEnvironment);
    } catch (IOException e) {
      throw ExecutorHandle.StartupFailure.cannotSpawn(
          id, "cannot spawn " + config.javaBinary() + " for " + config.executorJar() + ": " + e.getMessage());
    }
    slot.handle = handle;
    if (closed) {
      handle.kill("the pool closed while it started");
      return;
    }
    handle.awaitHello(config.startupTimeout());
    slot.consecutiveFailures = 0;
  }

  /**
   * Shuts the pool down: no new executions; every executor is sent Shutdown (a running Java task
   * is interrupted), and killed with its process group if it has not exited within the grace
   * period. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    List<ExecutorHandle> handles = new ArrayList<>();
    for (Slot slot : slots) {
      ExecutorHandle handle = slot.handle;
      if (handle != null) {
        handles.add(handle);
        handle.requestShutdown();
      }
    }
    spawner.shutdownNow();
    asyncCallers.shutdown();
    try {
      for (ExecutorHandle handle : handles) {
        handle.awaitExit(deadline);
      }
      spawner.awaitTermination(config.shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handles.forEach(h -> h.kill("interrupted while closing the pool"));
    }
    // An executor whose start raced with close() is killed by startExecutor; kill any stragglers.
    for (Slot slot : slots) {
      ExecutorHandle handle = slot.handle;
      if (handle != null) {
        handle.kill("pool closed");
      }
    }
    if (config.crashDir().isEmpty()) {
      try {
        Files.deleteIfExists(crashDir); // only if empty: crash logs are kept for forensics
      } catch (IOException e) {
        log.info("keeping crash directory {} ({})", crashDir, e.getClass().getSimpleName());
      }
    }
    log.info("executor pool closed");
  }

  private static Map<String, String> environment(PoolConfig config) {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    for (String name : config.inheritedEnvironment()) {
      String value = System.getenv(name);
      if (value == null) {
        log.warn("environment variable {} is to be passed to executors but is not set in the manager", name);
      } else {
        env.put(name, value);
      }
    }
    env.putAll(config.environment());
    env.put(ExecutorEnvironment.PACKAGE_DIR, config.packageDir().toAbsolutePath().toString());
    env.put(ExecutorEnvironment.MAX_FRAME_BYTES, Integer.toString(config.maxFrameBytes()));
    return Map.copyOf(env);
  }

  private static void requireFile(Path path, String what) throws PoolException {
    if (!Files.isRegularFile(path)) {
      throw new PoolException(what + " " + path + " does not exist or is not a file");
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A place for one executor. Its handle changes on replacement; the slot is in the idle queue only
   * while its executor is ready. Fields are written by the thread that owns the slot at the time
   * (a caller or the spawner) and published through the idle queue.
   */
  private static final class Slot {
    final int index;
    volatile ExecutorHandle handle;
    volatile int consecutiveFailures;
    volatile String lastFailure = "none";

    Slot(int index) {
      this.index = index;
    }
  }
}
