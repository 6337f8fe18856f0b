package dev.spider.manager.pool;

import com.google.common.base.Stopwatch;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link PoolConfig#spares()} warm spare executors (docs/process-pool.md, "The spare"): each
 * started in the background on its own threads ({@code executor-spare-N}), past its Hello, with the
 * pool's {@link RecentPackages} loaded by a Describe each. When a slot's executor dies, the slot
 * {@link #adopt adopts} a ready spare at once, or is promised the next one that is on its way;
 * either way a new spare is started. Spares start {@link #WARM_UP_DELAY} after the pool's first
 * task, so a pool that never runs one never pays for them and its first tasks are not slowed.
 *
 * <p>Why one class of over 400 lines: the ready queue, the slots promised a spare, the set of spare
 * processes that close() must reach and the counters of spares on their way form one invariant
 * under one lock; split apart, each part would need the others' lock. The slow work (spawning,
 * Hello, loading packages) is {@link SpareWarmer}'s.
 *
 * <p>Invariants: every spare process this keeper launched and has not handed to a slot is in {@code
 * owned}, so {@link #close} reaches it; no more slots are promised than spares are on their way; a
 * spare is handed out only alive and with none of its loaded packages redeployed on disk since it
 * loaded them; failed spare starts back off like slots ({@link Backoff}).
 *
 * <p>Thread-safe: the fields below the lock comment are guarded by this object's lock, which is
 * never held across I/O, a process start or a wait; a spare's executor and package watch are
 * confined to the thread that starts or warms it until it is queued as ready, and to the adopting
 * slot's thread after.
 */
final class SpareKeeper {

  private static final Logger log = LoggerFactory.getLogger(SpareKeeper.class);

  /**
   * How long after a package's first task the spares start, or load that package: the first tasks
   * are the busy moment (class loading, compilation), and a spare starting beside them on a small
   * machine would slow them down.
   */
  static final Duration WARM_UP_DELAY = Duration.ofSeconds(1);

  private final PoolConfig config;
  private final SlotQueue<Slot> idle;
  private final Consumer<Slot> spawnFresh;
  private final RecentPackages recent = new RecentPackages();
  private final SpareWarmer warmer;
  private final ScheduledExecutorService starter;

  // Guarded by this.
  private final Deque<Spare> ready = new ArrayDeque<>();
  private final Deque<Slot> promised = new ArrayDeque<>();
  private final Set<ExecutorHandle> owned = new LinkedHashSet<>();
  private int onTheirWay; // being started, or loading a package
  private int retries; // starts scheduled after a backoff
  private int failuresInARow;
  private boolean started; // the pool ran a task: spares are kept from now on
  private boolean closed;
  private Optional<Stopwatch> sinceClose = Optional.empty();

  /**
   * @param idle where a slot goes once its spare is installed
   * @param spawnFresh spawns an executor into a slot that was promised a spare that failed
   */
  SpareKeeper(
      PoolConfig config,
      ExecutorLauncher launcher,
      SlotQueue<Slot> idle,
      Consumer<Slot> spawnFresh) {
    this.config = Objects.requireNonNull(config, "config");
    this.warmer = new SpareWarmer(config, launcher, recent);
    this.idle = Objects.requireNonNull(idle, "idle");
    this.spawnFresh = Objects.requireNonNull(spawnFresh, "spawnFresh");
    this.starter =
        Executors.newScheduledThreadPool(
            Math.max(1, config.spares()),
            new ThreadFactoryBuilder().setNameFormat("executor-spare-%d").setDaemon(true).build());
  }

  /**
   * A task of {@code packageName} is about to run: remembers the package, so spares load it, and
   * starts the spares after the pool's first task. Costs a map update unless the package is new.
   */
  void noteTask(String packageName) {
    if (config.spares() == 0 || !recent.touch(packageName)) {
      return;
    }
    boolean first;
    synchronized (this) {
      first = !started;
      started = true;
    }
    schedule(first ? this::replenish : () -> topUp(packageName), WARM_UP_DELAY);
  }

  /** Loads a package new to the pool into the ready spares (on a spare thread). */
  private void topUp(String packageName) {
    List<Spare> toWarm = new ArrayList<>();
    synchronized (this) {
      // Ready spares go back on their way while they load it: a slot in need waits for that.
      for (Spare spare : List.copyOf(ready)) {
        if (!spare.preloaded().watches(packageName)) {
          ready.remove(spare);
          onTheirWay++;
          toWarm.add(spare);
        }
      }
    }
    toWarm.forEach(spare -> warm(spare, List.of(packageName)));
  }

  /**
   * Gives {@code slot}, whose executor is dead or retired, a spare: at once when one is ready (the
   * slot is then idle again on return), or as soon as the next one on its way is warm.
   *
   * @return false when no spare is ready or on its way for this slot: the caller spawns one
   */
  boolean adopt(Slot slot) {
    Spare spare;
    synchronized (this) {
      if (closed || config.spares() == 0) {
        return false;
      }
      spare = ready.pollFirst();
      if (spare == null) {
        if (promised.size() < onTheirWay) {
          promised.addLast(slot);
          log.info("slot {} waits for the spare on its way", slot.index());
          return true;
        }
        return false;
      }
    }
    serve(slot, spare);
    return true;
  }

  /** Pids of the live spare processes, ready or on their way (for tests and diagnostics). */
  synchronized List<Long> pids() {
    return owned.stream().filter(ExecutorHandle::isAlive).map(ExecutorHandle::pid).toList();
  }

  /** Pids of the spares ready to be handed out, with every recent package loaded. */
  synchronized List<Long> readyPids() {
    return ready.stream().map(spare -> spare.executor().pid()).toList();
  }

  /**
   * Stops keeping spares: no new ones start, starts under way are interrupted (and kill what they
   * started), and every spare is sent Shutdown; {@link #awaitClosed} then bounds the wait.
   */
  void close() {
    List<ExecutorHandle> spares;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      sinceClose = Optional.of(Stopwatch.createStarted());
      spares = List.copyOf(owned);
      ready.clear();
      promised.clear();
    }
    spares.forEach(ExecutorHandle::requestShutdown);
    starter.shutdownNow();
  }

  /**
   * After {@link #close}: waits for the spares to exit, up to the shutdown grace since the close,
   * then kills each one's process group; returns whether the spare threads ended within {@code
   * timeout}.
   */
  boolean awaitClosed(Duration timeout) throws InterruptedException {
    List<ExecutorHandle> spares;
    Duration grace;
    synchronized (this) {
      spares = List.copyOf(owned);
      grace =
          config.shutdownGrace().minus(sinceClose.map(Stopwatch::elapsed).orElse(Duration.ZERO));
    }
    Stopwatch waited = Stopwatch.createStarted();
    for (ExecutorHandle spare : spares) {
      spare.awaitExit(grace.minus(waited.elapsed()));
    }
    boolean ended =
        starter.awaitTermination(
            Math.max(0, timeout.minus(waited.elapsed()).toMillis()), TimeUnit.MILLISECONDS);
    // A start that raced with the close registered its executor late, or kills it itself.
    synchronized (this) {
      spares = List.copyOf(owned);
    }
    spares.forEach(spare -> spare.kill(KillReason.SHUT_DOWN, "the pool closed"));
    return ended;
  }

  // ---- hand-out -------------------------------------------------------------------------------

  /** Installs a usable spare into {@code slot}, or discards it and finds the slot another. */
  private void serve(Slot slot, Spare spare) {
    Optional<String> unusable = unusable(spare);
    if (unusable.isPresent()) {
      discard(spare, unusable.get());
      replenish();
      if (!adopt(slot)) {
        spawnFresh.accept(slot);
      }
      return;
    }
    // Installed before it leaves `owned`, so that close() reaches it through one or the other.
    slot.install(spare.executor(), Optional.of(spare.preloaded()));
    slot.recordStart();
    synchronized (this) {
      owned.remove(spare.executor());
    }
    log.info("[{}] the spare takes slot {}", spare.executor().id(), slot.index());
    idle.release(slot);
    replenish();
  }

  /** Why the spare must not be handed out, if it must not. */
  private static Optional<String> unusable(Spare spare) {
    if (!spare.executor().isAlive()) {
      return Optional.of("it died while it waited");
    }
    return spare
        .preloaded()
        .changedNow()
        .map(name -> "a package it loaded changed on disk (" + name + ")");
  }

  /** Retires a stale spare gracefully, or finishes off a dead one. */
  private void discard(Spare spare, String why) {
    ExecutorHandle executor = spare.executor();
    if (!executor.isAlive()) {
      executor.kill(KillReason.LOST, "spare " + why);
      disown(executor);
      return;
    }
    log.info("[{}] retiring the spare: {}", executor.id(), why);
    boolean submitted =
        submit(
            () -> {
              executor.requestShutdown();
              try {
                executor.awaitExit(config.shutdownGrace());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.kill(KillReason.SHUT_DOWN, "interrupted while retiring the spare");
              }
              disown(executor);
            });
    if (!submitted) {
      executor.kill(KillReason.SHUT_DOWN, "the pool closed while it retired the spare");
    }
  }

  // ---- starting and warming --------------------------------------------------------------------

  /** Starts as many spares as are missing, unless the pool closed or has run no task yet. */
  private void replenish() {
    int missing;
    synchronized (this) {
      if (closed || !started) {
        return;
      }
      missing = config.spares() - ready.size() - onTheirWay - retries;
      if (missing <= 0) {
        return;
      }
      onTheirWay += missing;
    }
    for (int i = 0; i < missing; i++) {
      submit(this::startOne);
    }
  }

  /** Starts one spare and loads the recent packages into it (on a spare thread). */
  private void startOne() {
    ExecutorHandle executor;
    try {
      executor = warmer.launch();
    } catch (StartupFailure e) {
      failed(e, Optional.empty());
      return;
    } catch (RuntimeException | Error e) {
      // Counted as a failed start, so the spare on its way is accounted for and slots promised it
      // spawn their own: an escaped throwable would leave them waiting for ever.
      log.error("starting a spare failed unexpectedly", e);
      failed(StartupFailure.cannotSpawn("spare", e.toString()), Optional.empty());
      return;
    }
    if (!own(executor)) {
      executor.kill(KillReason.SHUT_DOWN, "the pool closed while its spare started");
      return;
    }
    warmOrFail(executor, () -> arrived(warmer.warmUp(executor, this::slotWaiting)));
  }

  /** Loads {@code packages} into a ready spare taken off the ready queue (on a spare thread). */
  private void warm(Spare spare, List<String> packages) {
    warmOrFail(
        spare.executor(),
        () -> {
          warmer.preload(spare, packages, this::slotWaiting);
          arrived(spare);
        });
  }

  /** A step of warming up a spare that may fail it. */
  private interface WarmStep {
    void run() throws StartupFailure, InterruptedException;
  }

  private void warmOrFail(ExecutorHandle executor, WarmStep step) {
    try {
      step.run();
    } catch (StartupFailure e) {
      failed(e, Optional.of(executor));
    } catch (InterruptedException e) {
      // Only close() interrupts spare threads.
      Thread.currentThread().interrupt();
      executor.kill(KillReason.SHUT_DOWN, "the pool closed while its spare warmed up");
    } catch (RuntimeException | Error e) {
      // Never lose a spare silently: count it as a failed start, replaced after the backoff.
      log.error("[{}] warming up a spare failed unexpectedly", executor.id(), e);
      failed(
          StartupFailure.gaveUp(executor.id(), executor.pid(), e.toString()),
          Optional.of(executor));
    }
  }

  /**
   * A spare is warm: it goes to a slot promised one, or loads the packages that became recent while
   * it warmed up, or waits as ready.
   */
  private void arrived(Spare spare) {
    List<String> missing =
        recent.snapshot().stream().filter(name -> !spare.preloaded().watches(name)).toList();
    Optional<Slot> slot;
    boolean closing;
    synchronized (this) {
      failuresInARow = 0;
      closing = closed;
      slot = Optional.ofNullable(closing ? null : promised.pollFirst());
      if (closing || slot.isPresent() || missing.isEmpty()) {
        onTheirWay--;
      }
      if (!closing && slot.isEmpty() && missing.isEmpty()) {
        ready.addLast(spare);
      }
    }
    if (closing) {
      spare.executor().kill(KillReason.SHUT_DOWN, "the pool closed while its spare started");
    } else if (slot.isPresent()) {
      serve(slot.get(), spare);
    } else if (!missing.isEmpty()) {
      warm(spare, missing); // still on its way
    } else {
      log.info("[{}] spare ready", spare.executor().id());
      spare.executor().onExit().thenRun(() -> exitedWhileReady(spare));
    }
  }

  /** A spare's process ended; if it was still waiting as ready, it is replaced after a backoff. */
  private void exitedWhileReady(Spare spare) {
    synchronized (this) {
      if (closed || !ready.remove(spare)) {
        return; // handed out, discarded or shut down: not the keeper's business any more
      }
    }
    spare.executor().kill(KillReason.LOST, "the spare exited while it waited");
    failed(
        StartupFailure.gaveUp(
            spare.executor().id(), spare.executor().pid(), "the spare exited while it waited"),
        Optional.of(spare.executor()),
        false);
  }

  private void failed(StartupFailure failure, Optional<ExecutorHandle> executor) {
    failed(failure, executor, true);
  }

  /**
   * A spare failed: slots promised more spares than are now on their way spawn their own, and a
   * replacement starts after the backoff.
   */
  private void failed(
      StartupFailure failure, Optional<ExecutorHandle> executor, boolean wasOnItsWay) {
    executor.ifPresent(e -> e.kill(KillReason.STARTUP_FAILED, "the spare failed"));
    List<Slot> orphans = new ArrayList<>();
    Duration backoff;
    int inARow;
    synchronized (this) {
      executor.ifPresent(owned::remove);
      if (wasOnItsWay) {
        onTheirWay--;
      }
      inARow = ++failuresInARow;
      backoff = Backoff.after(inARow);
      while (promised.size() > onTheirWay) {
        orphans.add(promised.pollLast());
      }
      if (closed) {
        return;
      }
      retries++;
    }
    log.warn(
        "a spare executor failed ({} in a row), next one in {} ms: {}; its last stderr lines: {}",
        inARow,
        backoff.toMillis(),
        failure.report().summary(),
        failure.report().stderrTail());
    orphans.forEach(spawnFresh);
    schedule(this::retry, backoff);
  }

  private void retry() {
    synchronized (this) {
      retries--;
    }
    replenish();
  }

  /** Whether a slot waits for a spare on its way. */
  private synchronized boolean slotWaiting() {
    return !promised.isEmpty();
  }

  /** Registers a spare process for close() to reach; false once the pool closed. */
  private synchronized boolean own(ExecutorHandle executor) {
    return !closed && owned.add(executor);
  }

  private synchronized void disown(ExecutorHandle executor) {
    owned.remove(executor);
  }

  /** Runs {@code task} on a spare thread after {@code delay}, unless the pool closed. */
  private void schedule(Runnable task, Duration delay) {
    try {
      starter.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("spare work refused: the pool closed");
    }
  }

  /** Runs {@code task} on a spare thread; false when the pool closed and refuses it. */
  private boolean submit(Runnable task) {
    try {
      starter.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      log.debug("spare work refused: the pool closed");
      return false;
    }
  }
}
