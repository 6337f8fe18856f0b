package dev.spider.manager.pool;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's slots filled with ready executors, on its own threads ({@code
 * executor-spawner-N}) so that a replacement never blocks a caller or another slot
 * (docs/process-pool.md): a first start per slot, replacement of a dead executor, graceful
 * retirement of a healthy one, and retries with backoff after a failed start. A replacement is the
 * {@link SpareKeeper}'s warm spare when there is one, at once; otherwise a new executor. A slot
 * goes back to the idle queue only once its new executor said a valid Hello.
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
  private final AtomicInteger executorIds = new AtomicInteger();
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
    this.spares = new SpareKeeper(config, launcher, this::nextId, idle, this::spawnFresh);
  }

  /** The pool's warm spares. */
  SpareKeeper spares() {
    return spares;
  }

  /**
   * Starts the slot's first executor; the future completes once it said its Hello (the slot is then
   * idle) or failed to, with the failure (a retry is then scheduled).
   */
  CompletableFuture<Optional<StartupFailure>> startFirst(Slot slot) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start(slot);
            idle.release(slot);
            return Optional.empty();
          } catch (StartupFailure e) {
            scheduleRetry(slot, e);
            return Optional.of(e);
          } catch (InterruptedException e) {
            // Only close() interrupts spawner threads: the slot is not needed any more.
            Thread.currentThread().interrupt();
            return Optional.empty();
          } catch (RuntimeException | Error e) {
            // As in refill: a failed start, retried, never an exception out of the pool's start.
            log.error("starting an executor in slot {} failed unexpectedly", slot.index(), e);
            StartupFailure failure =
                StartupFailure.cannotSpawn("slot-" + slot.index(), e.toString());
            scheduleRetry(slot, failure);
            return Optional.of(failure);
          }
        },
        spawner);
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

  private String nextId() {
    return "executor-" + executorIds.incrementAndGet();
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
      log.error("starting an executor in slot {} failed unexpectedly", slot.index(), e);
      scheduleRetry(slot, StartupFailure.cannotSpawn("slot-" + slot.index(), e.toString()));
    }
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
    ExecutorHandle handle = launcher.launch(nextId());
    slot.install(handle);
    if (poolClosed.getAsBoolean()) {
      handle.kill(KillReason.SHUT_DOWN, "the pool closed while it started");
      return;
    }
    handle.awaitHello(config.startupTimeout());
    slot.recordStart();
  }
}
