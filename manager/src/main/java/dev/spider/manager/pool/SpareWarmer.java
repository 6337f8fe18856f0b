package dev.spider.manager.pool;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow part of a spare's life, run on a spare thread (docs/process-pool.md, "The spare"):
 * spawning its executor, waiting for its Hello, and loading packages into it with a Describe each,
 * which loads the package and runs its init hook, so the first task on the spare pays for neither.
 *
 * <p>Thread-safe: immutable but for the shared {@link RecentPackages}, which is thread-safe; a
 * spare is worked on by one thread at a time.
 */
final class SpareWarmer {

  private static final Logger log = LoggerFactory.getLogger(SpareWarmer.class);

  private final PoolConfig config;
  private final ExecutorLauncher launcher;
  private final RecentPackages recent;

  SpareWarmer(PoolConfig config, ExecutorLauncher launcher, RecentPackages recent) {
    this.config = Objects.requireNonNull(config, "config");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.recent = Objects.requireNonNull(recent, "recent");
  }

  /** Spawns a spare's executor; {@link #warmUp} waits for it. */
  ExecutorHandle launch() throws StartupFailure {
    return launcher.launch();
  }

  /**
   * Waits for the executor's Hello, then loads the pool's recent packages into it, unless a slot is
   * waiting for it.
   *
   * @param slotWaiting whether a slot waits for this spare: it then stops loading packages, since a
   *     spare past its Hello serves a waiting slot sooner than a new executor would
   * @throws StartupFailure when it sends no valid Hello or dies while loading; it is killed
   */
  Spare warmUp(ExecutorHandle executor, BooleanSupplier slotWaiting)
      throws StartupFailure, InterruptedException {
    executor.awaitHello(config.startupTimeout());
    Spare spare = new Spare(executor, new PackageWatch(config.packageDir()));
    preload(spare, recent.snapshot(), slotWaiting);
    return spare;
  }

  /**
   * Describes each package to the spare. A package that cannot be loaded stays a task's problem;
   * one whose loading kills the spare or outlasts the start-up deadline is forgotten, so the next
   * spare does not fail the same way.
   *
   * @param slotWaiting stops the loading when true, before the next package
   * @throws StartupFailure when the spare died or was killed; it is dead
   */
  void preload(Spare spare, List<String> packages, BooleanSupplier slotWaiting)
      throws StartupFailure, InterruptedException {
    ExecutorHandle executor = spare.executor();
    for (String name : packages) {
      if (slotWaiting.getAsBoolean()) {
        return;
      }
      // Stamped before loading: a redeployment during the load then reads as a change.
      spare.preloaded().record(name);
      Outcome outcome;
      try {
        outcome = executor.exchange(new Exchange.Describe(name, config.startupTimeout()));
      } catch (LostBeforeWrite e) {
        executor.kill(KillReason.LOST, e.getMessage());
        throw StartupFailure.gaveUp(executor.id(), executor.pid(), e.getMessage());
      }
      if (outcome instanceof Outcome.InTaskFailure failure) {
        log.info("[{}] the spare cannot load {}: {}", executor.id(), name, failure.error());
      } else if (outcome instanceof Outcome.ExecutorCrash crash) {
        recent.forget(name);
        throw new StartupFailure(crash.report());
      } else if (outcome instanceof Outcome.Timeout) {
        recent.forget(name);
        throw StartupFailure.gaveUp(
            executor.id(),
            executor.pid(),
            "the spare did not load " + name + " within " + config.startupTimeout());
      }
    }
  }
}
