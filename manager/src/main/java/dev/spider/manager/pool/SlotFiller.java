package dev.spider.manager.pool;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's slots filled with ready executors: the first start of each slot, on the thread
 * that starts the pool (and spawner threads for the other slots' Hellos); then, on its own threads
 * ({@code executor-spawner-N}) so that a replacement never blocks a caller or another slot
 * (docs/process-pool.md), replacement of a dead executor, graceful retirement of a healthy one, and
 * retries with backoff after a failed start. A replacement is the {@link SpareKeeper}'s warm spare
 * when there is one, at once; otherwise a new executor. A slot goes back to the idle queue only
 * once its new executor said a valid Hello.
 *
 * <p>Thread-safe. Once the pool is closed nothing new is spawned, an executor whose start raced
 * with the close is killed, and a replacement asked for after the close is refused quietly (the
 * caller learns of the close from the pool, never as a {@link RejectedExecutionException}).
 */
final class SlotFiller {

  private static final Logger log = LoggerFactory.getLogger(SlotFiller.class);

  private final PoolConfig config;
  private final ExecutorLauncher launcher;
  private final SlotQueue<Slot> idle;
  private final BooleanSupplier poolClosed;
  private final ScheduledExecutorService spawner;
  private final Set<ExecutorHandle> retiring = ConcurrentHashMap.newKeySet();
  private final SpareKeeper spares;

  SlotFiller(
      PoolConfig config, ExecutorLauncher launcher, SlotQueue<Slot> idle, BooleanSupplier closed) {
    this.config = Objects.requireNonNull(config, "config");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.idle = Objects.requireNonNull(idle, "idle");
    this.poolClosed = Objects.requireNonNull(closed, "closed");
    this.spawner =
        Executors.newScheduledThreadPool(
            config.size(),
            new ThreadFactoryBuilder()
                .setNameFormat("executor-spawner-%d")
                .setDaemon(true)
                .build());
    this.spares = new SpareKeeper(config, launcher, idle, this::spawnFresh);
  }

  /** The pool's warm spares. */
  SpareKeeper spares() {
    return spares;
  }

  /**
   * Spawns the slots' first executors, one after the other on the caller's thread, each into its
   * slot; the pool does this before it builds the rest of itself, so that the JVMs start meanwhile.
   *
   * @return each slot's failure to spawn, if it failed, in the order of {@code slots}; {@link
   *     #awaitFirst} schedules its retry
   */
  static List<Optional<StartupFailure>> spawnFirst(ExecutorLauncher launcher, List<Slot> slots) {
    List<Optional<StartupFailure>> spawned = new ArrayList<>();
    for (Slot slot : slots) {
      try {
        slot.install(launcher.launch());
        spawned.add(Optional.empty());
      } catch (StartupFailure e) {
        spawned.add(Optional.of(e));
      } catch (RuntimeException | Error e) {
        // As in refill: a failed start, retried, never an exception out of the pool's start.
        spawned.add(Optional.of(unexpected(slot, e)));
      }
    }
    return spawned;
  }

  /**
   * Waits until each slot's first executor ({@link #spawnFirst}) said its Hello or failed to (a
   * retry is then scheduled). The caller waits for the first slot's Hello itself, and spawner
   * threads for the others', so that no thread hand-off follows the Hello of a pool of one.
   *
   * @param spawned what {@link #spawnFirst} returned for {@code slots}
   * @return each slot's failure to start, if it failed, in the order of {@code slots}
   * @throws InterruptedException when the caller is interrupted while it waits; the pool's close
   *     then kills what was started
   */
  List<Optional<StartupFailure>> awaitFirst(
      List<Slot> slots, List<Optional<StartupFailure>> spawned) throws InterruptedException {
    List<CompletableFuture<Optional<StartupFailure>>> others = new ArrayList<>();
    for (int i = 1; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      Optional<StartupFailure> spawnFailure = spawned.get(i);
      others.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return awaitFirst(slot, spawnFailure);
                } catch (InterruptedException e) {
                  // Only close() interrupts spawner threads: the slot is not needed any more.
                  Thread.currentThread().interrupt();
                  return Optional.empty();
                }
              },
              spawner));
    }
    List<Optional<StartupFailure>> results = new ArrayList<>();
    results.add(awaitFirst(slots.get(0), spawned.get(0)));
    for (int i = 1; i < slots.size(); i++) {
      try {
        results.add(others.get(i - 1).get());
      } catch (ExecutionException e) {
        // The task catches every throwable; this is only for the compiler's sake.
        results.add(Optional.of(unexpected(slots.get(i), e.getCause())));
      }
    }
    return results;
  }

  /**
   * Waits for the Hello of the executor {@link #spawnFirst} put into the slot, then makes the slot
   * idle; on a failure to spawn or to start, schedules a retry and returns the failure.
   */
  private Optional<StartupFailure> awaitFirst(Slot slot, Optional<StartupFailure> spawnFailure)
      throws InterruptedException {
    if (spawnFailure.isPresent()) {
      scheduleRetry(slot, spawnFailure.get());
      return spawnFailure;
    }
    try {
      awaitStart(slot, slot.current());
      idle.release(slot);
      return Optional.empty();
    } catch (StartupFailure e) {
      scheduleRetry(slot, e);
      return Optional.of(e);
    } catch (RuntimeException | Error e) {
      StartupFailure failure = unexpected(slot, e);
      scheduleRetry(slot, failure);
      return Optional.of(failure);
    }
  }

  /** Kills the slot's executor (a no-op when it is already dead) and spawns a new one. */
  void replace(Slot slot, KillReason reason, String why) {
    slot.current().kill(reason, "replacing it: " + why);
    respawn(slot);
  }

  /**
   * Gives the slot of a DEAD executor (its group is killed already) a new one: a warm spare at once
   * when one is ready or on its way, else a newly spawned executor.
   */
  void respawn(Slot slot) {
    if (!spares.adopt(slot)) {
      spawnFresh(slot);
    }
  }

  /**
   * Replaces the slot's healthy executor between tasks: Shutdown, the grace period, then the kill,
   * all off the caller's thread.
   */
  void retire(Slot slot, String why) {
    ExecutorHandle old = slot.current();
    log.info("[{}] retiring: {}", old.id(), why);
    // In no slot any more: tracked until it is gone, so that close() reaches it even when its
    // retirement is still queued behind busy spawner threads (shutdownNow drops queued work).
    retiring.add(old);
    try {
      spawner.execute(
          () -> {
            old.requestShutdown();
            try {
              old.awaitExit(config.shutdownGrace());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              old.kill(KillReason.SHUT_DOWN, "interrupted while retiring");
            } finally {
              retiring.remove(old);
            }
          });
    } catch (RejectedExecutionException e) {
      retiring.remove(old);
      // The pool closed meanwhile: no grace period to wait out on a thread that is gone.
      old.kill(KillReason.SHUT_DOWN, "retired as the pool closed");
      return;
    }
    respawn(slot);
  }

  /**
   * Stops the spawner threads (running starts are interrupted, scheduled ones dropped) and the
   * spares (each is sent Shutdown).
   */
  void shutdownNow() {
    spares.close();
    spawner.shutdownNow();
    for (ExecutorHandle old : retiring) {
      old.kill(KillReason.SHUT_DOWN, "the pool closed while it was being retired");
    }
  }

  /**
   * Waits up to {@code timeout} for the spawner threads to end and for the spares to exit (each is
   * killed once the shutdown grace has passed).
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean sparesEnded = spares.awaitClosed(timeout);
    long left = Math.max(0, deadline - System.nanoTime());
    return spawner.awaitTermination(left, TimeUnit.NANOSECONDS) && sparesEnded;
  }

  /** Spawns a new executor into the slot, not taking a spare. */
  private void spawnFresh(Slot slot) {
    spawnInto(slot, Duration.ZERO);
  }

  private void spawnInto(Slot slot, Duration delay) {
    if (poolClosed.getAsBoolean()) {
      return;
    }
    try {
      spawner.schedule(() -> refill(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Only a closed pool's spawner refuses work; the slot is not needed any more.
      log.debug("slot {} not refilled: the pool closed", slot.index());
    }
  }

  private void refill(Slot slot) {
    if (poolClosed.getAsBoolean()) {
      return;
    }
    // A retry after failed starts takes a spare that became ready meanwhile.
    if (slot.isFailing() && spares.adopt(slot)) {
      return;
    }
    try {
      start(slot);
      idle.release(slot);
    } catch (StartupFailure e) {
      scheduleRetry(slot, e);
    } catch (InterruptedException e) {
      // Only close() interrupts spawner threads: the slot is not needed any more.
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Never lose a slot silently: count it as a failed start and retry with backoff.
      scheduleRetry(slot, unexpected(slot, e));
    }
  }

  /** Logs an unexpected throwable of a slot's start, and makes it a failed start of the slot. */
  private static StartupFailure unexpected(Slot slot, Throwable e) {
    log.error("starting an executor in slot {} failed unexpectedly", slot.index(), e);
    return StartupFailure.cannotSpawn("slot-" + slot.index(), e.toString());
  }

  private void scheduleRetry(Slot slot, StartupFailure failure) {
    Duration backoff = slot.recordFailure(failure);
    log.error(
        "executor slot {} failed to start ({} in a row), retrying in {} ms: {}",
        slot.index(),
        slot.consecutiveFailures(),
        backoff.toMillis(),
        slot.lastFailure());
    spawnInto(slot, backoff);
  }

  /** Spawns an executor into the slot and waits for its Hello. */
  private void start(Slot slot) throws StartupFailure, InterruptedException {
    ExecutorHandle handle = launcher.launch();
    slot.install(handle);
    awaitStart(slot, handle);
  }

  /** Waits for the Hello of the slot's new executor; kills it when the pool closed meanwhile. */
  private void awaitStart(Slot slot, ExecutorHandle handle)
      throws StartupFailure, InterruptedException {
    if (poolClosed.getAsBoolean()) {
      handle.kill(KillReason.SHUT_DOWN, "the pool closed while it started");
      return;
    }
    handle.awaitHello(config.startupTimeout());
    slot.recordStart();
  }
}
