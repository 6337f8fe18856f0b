package dev.spider.manager.pool;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
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
 * retirement of a healthy one, and retries with backoff after a failed start. A slot goes back to
 * the idle queue only once its new executor said a valid Hello.
 *
 * <p>Thread-safe. Once the pool is closed nothing new is spawned, and an executor whose start raced
 * with the close is killed.
 */
final class SlotFiller {

  private static final Logger log = LoggerFactory.getLogger(SlotFiller.class);

  private final PoolConfig config;
  private final ExecutorLauncher launcher;
  private final SlotQueue<Slot> idle;
  private final BooleanSupplier poolClosed;
  private final ScheduledExecutorService spawner;
  private final AtomicInteger executorIds = new AtomicInteger();

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
          }
        },
        spawner);
  }

  /** Kills the slot's executor (a no-op when it is already dead) and spawns a new one. */
  void replace(Slot slot, KillReason reason, String why) {
    slot.current().kill(reason, "replacing it: " + why);
    respawn(slot);
  }

  /** Spawns a new executor into the slot of a DEAD one (its group is killed already). */
  void respawn(Slot slot) {
    spawnInto(slot, Duration.ZERO);
  }

  /**
   * Replaces the slot's healthy executor between tasks: Shutdown, the grace period, then the kill,
   * all off the caller's thread.
   */
  void retire(Slot slot, String why) {
    ExecutorHandle old = slot.current();
    log.info("[{}] retiring: {}", old.id(), why);
    spawner.execute(
        () -> {
          old.requestShutdown();
          try {
            old.awaitExit(config.shutdownGrace());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            old.kill(KillReason.SHUT_DOWN, "interrupted while retiring");
          }
        });
    respawn(slot);
  }

  /** Stops the spawner threads: running starts are interrupted, scheduled ones dropped. */
  void shutdownNow() {
    spawner.shutdownNow();
  }

  /** Waits up to {@code timeout} for the spawner threads to end. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return spawner.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void spawnInto(Slot slot, Duration delay) {
    if (poolClosed.getAsBoolean()) {
      return;
    }
    spawner.schedule(() -> refill(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refill(Slot slot) {
    if (poolClosed.getAsBoolean()) {
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
    ExecutorHandle handle = launcher.launch("executor-" + executorIds.incrementAndGet());
    slot.install(handle);
    if (poolClosed.getAsBoolean()) {
      handle.kill(KillReason.SHUT_DOWN, "the pool closed while it started");
      return;
    }
    handle.awaitHello(config.startupTimeout());
    slot.recordStart();
  }
}
