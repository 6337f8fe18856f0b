package dev.spider.manager.runtime;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TransportException;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution manager's runtime: registers with storage, keeps the liveness and scheduler
 * heartbeats going, long-polls the scheduler for task assignments, registers each with storage,
 * runs it on the {@link TaskRunner} and reports its outcome — with Spider's semantics (its
 * {@code spider-execution-manager} {@code runtime.rs}), plus up to {@link TaskRunner#slots()} tasks
 * in flight at once and the soft timeout.
 *
 * <h2>State flow</h2>
 *
 * <pre>
 *  start(): register (retrying transport errors) ──fails──&gt; ExecutionManagerException, runner closed
 *     │ liveness heartbeat, scheduler heartbeat and the loop thread start
 *     ▼
 *  RUNNING ──shutdown(grace) / loop error──&gt; STOPPING ──shutdown sequence──&gt; TERMINATED
 *                                                              termination() completes: Stopped | Failed
 * </pre>
 *
 * <p><b>RUNNING</b>, the loop (thread {@code spider-runtime-loop}), each turn:
 *
 * <ol>
 *   <li>wait for a free slot — it never polls while every slot is busy — and for a registration
 *       (none while storage has {@linkplain LivenessClient#heartbeat declared this manager dead}
 *       and registering again has not succeeded yet);
 *   <li>{@code nextTask}, acknowledging the oldest consumed assignment not yet acknowledged. An
 *       acknowledgement leaves the queue only when a call carrying it returns normally; after an
 *       error it is sent again with the next call (acknowledgements are idempotent). Scheduler
 *       errors are logged and polling goes on after a backoff;
 *   <li>an assignment from an older session than the current one is dropped (acknowledged, not
 *       run); one from a newer session makes the loop ask liveness for an immediate heartbeat and
 *       wait (bounded) for it, then look again;
 *   <li>{@code registerTaskInstance}: success → acknowledged, run; {@code StaleSession} →
 *       acknowledged, dropped, session refreshed; {@code CacheStale} → acknowledged, dropped;
 *       {@code Transport} → retried with backoff, and after the last attempt given up
 *       unacknowledged (so the scheduler hands it out again); {@code Server} (or anything else) →
 *       acknowledged, and the loop stops with {@link Termination.Failed};
 *   <li>the task runs on a thread of its own ({@code spider-task-N}) with the hard and soft
 *       timeouts of its policy; its outcome is dropped if the session (or the registration) moved
 *       on meanwhile, else reported on a report thread ({@code spider-report-N}) so neither the
 *       loop nor the slot waits for storage; report errors are handled as {@link StorageClient}
 *       documents them (transport errors retried with backoff, the others dropped). A runner
 *       failure ({@link PoolException}) reports the task as lost and stops the loop with an error.
 * </ol>
 *
 * <p><b>STOPPING</b>, on {@link #shutdown(Duration)} (the CLI wires SIGINT/SIGTERM to it through
 * a JVM shutdown hook) or when the loop stops on an error (grace: {@link
 * RuntimeConfig#shutdownGrace()}). Each step is bounded:
 *
 * <ol>
 *   <li>stop polling: a pending {@code nextTask} is interrupted; an assignment received but not
 *       yet registered is left unconsumed (neither registered nor acknowledged), as in Spider; one
 *       whose registration call is already under way is registered and runs like the others;
 *   <li>running tasks get the grace period (measured from the first stop request; a later request
 *       with a shorter grace shortens it) to finish; their outcomes are reported as usual;
 *   <li>tasks still running when it passes are <em>abandoned</em>: interrupted (the pool kills
 *       their executors) and reported as environmental failures ("executor lost: ... did not
 *       finish within the grace period of ..."), so their jobs can retry them elsewhere at once
 *       rather than wait for storage's timeout;
 *   <li>pending reports get {@link RuntimeConfig#reportDrainTimeout()} to finish, retries
 *       included;
 *   <li>the scheduler heartbeat stops; {@code SchedulerClient.shutdown} acknowledges every
 *       consumed assignment not yet acknowledged; the liveness heartbeat stops (only now, so
 *       storage does not declare the manager dead while tasks finish); the runner is closed.
 * </ol>
 *
 * <p><b>Guarantees.</b> Each consumed assignment is acknowledged exactly once: it is queued once
 * when consumed, leaves the queue only with a {@code nextTask} call that returned normally, and
 * whatever is left goes to {@code SchedulerClient.shutdown} — the loop thread alone touches the
 * queue. (A {@code nextTask} call that failed or was interrupted may have delivered it as well;
 * sending it again is safe because the scheduler treats acknowledgements as idempotent.) Each
 * registered instance is reported at most once: its outcome, its abandonment at shutdown and its
 * voiding by a re-registration race to settle it (a compare-and-set), and only the winner may
 * report. Nothing is lost silently: every admitted instance is reported, or
 * dropped with a log line saying why (stale session, voided id, storage refused or unreachable).
 *
 * <p><b>Re-registration.</b> When the liveness heartbeat learns storage declared this manager dead
 * (or forgot its id), the tasks running under the old id are stopped and never reported (storage
 * would refuse them), and the manager registers again and carries on under the new id, as {@link
 * LivenessClient#heartbeat} documents.
 *
 * <p>Thread-safe. Every thread is a named daemon thread; the caller keeps the JVM alive with {@link
 * #awaitTermination} or {@link #termination()}.
 */
public final class ExecutionManager implements AutoCloseable {

  /** The lifecycle; see the class comment. */
  public enum State {
    RUNNING,
    STOPPING,
    TERMINATED
  }

  private static final Logger log = LoggerFactory.getLogger(ExecutionManager.class);

  /** How long abandoned tasks, and then the runner's threads, get to return after an interrupt. */
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

  private final RuntimeConfig config;
  private final SchedulerClient scheduler;
  private final StorageClient storage;
  private final TaskRunner runner;
  private final InFlight inFlight;
  private final Membership membership;
  private final LivenessHeartbeat liveness;
  private final SchedulerHeartbeat schedulerHeartbeat;
  private final Reporter reporter;
  private final ExecutorService taskThreads;
  private final Thread loopThread;
  private final CompletableFuture<Termination> termination = new CompletableFuture<>();

  /** Consumed assignments not acknowledged yet, oldest first. Loop thread only. */
  private final Deque<ConsumedAssignment> unacknowledged = new ArrayDeque<>();

  private final Object stopLock = new Object();
  // Guarded by stopLock.
  private State state = State.RUNNING;
  private Duration grace;
  private boolean loopWaiting; // the loop thread is in a wait that a stop interrupts
  private ExecutionManagerException failure; // the first error that stopped the loop
  // Written under stopLock; read without it while waiting on inFlight's lock (lock order).
  private volatile long stopDeadlineNanos;

  private ExecutionManager(
      RuntimeConfig config,
      SchedulerClient scheduler,
      StorageClient storage,
      LivenessClient livenessClient,
      TaskRunner runner,
      Registration registration) {
    this.config = config;
    this.scheduler = scheduler;
    this.storage = storage;
    this.runner = runner;
    this.inFlight = new InFlight(runner.slots());
    this.membership = new Membership(registration, this::voidRunsOf);
    this.liveness =
        new LivenessHeartbeat(
            livenessClient,
            membership,
            config.advertisedAddress(),
            config.livenessInterval(),
            HeartbeatTimer.onThread("spider-liveness-heartbeat"));
    this.schedulerHeartbeat =
        new SchedulerHeartbeat(
            scheduler,
            membership,
            config.schedulerHeartbeatInterval(),
            HeartbeatTimer.onThread("spider-scheduler-heartbeat"));
    this.reporter =
        new Reporter(storage, config.reports(), liveness::refresh, inFlight.capacity());
    AtomicInteger taskThreadIds = new AtomicInteger();
    this.taskThreads =
        Executors.newFixedThreadPool(
            inFlight.capacity(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "spider-task-" + taskThreadIds.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.loopThread = new Thread(this::runLoop, "spider-runtime-loop");
    loopThread.setDaemon(true);
  }

  /**
   * Registers with storage through {@code liveness}, starts the heartbeats and the loop, and
   * returns the running manager.
   *
   * @param runner taken over: the manager closes it when it terminates, and at once if this method
   *     fails
   * @throws ExecutionManagerException of kind {@link ExecutionManagerException.Kind#REGISTRATION}
   *     when storage stayed unreachable for {@link RuntimeConfig#registration()}'s attempts
   * @throws InterruptedException the calling thread was interrupted while registering
   * @throws IllegalArgumentException when the runner has fewer than one slot
   */
  public static ExecutionManager start(
      RuntimeConfig config,
      SchedulerClient scheduler,
      StorageClient storage,
      LivenessClient liveness,
      TaskRunner runner)
      throws ExecutionManagerException, InterruptedException {
    Objects.requireNonNull(runner, "runner");
    ExecutionManager manager;
    try {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(storage, "storage");
      Objects.requireNonNull(liveness, "liveness");
      if (runner.slots() < 1) {
        throw new IllegalArgumentException(
            "the task runner must have at least 1 slot, " + runner + " has " + runner.slots());
      }
      Registration registration = register(config, liveness);
      manager = new ExecutionManager(config, scheduler, storage, liveness, runner, registration);
    } catch (Throwable e) {
      closeRunner(runner);
      throw e;
    }
    manager.liveness.start();
    manager.schedulerHeartbeat.start();
    manager.loopThread.start();
    log.info(
        "execution manager {} running in session {}: {} slot(s) on {}, long-polling up to {},"
            + " liveness heartbeat every {}, scheduler heartbeat every {}",
        manager.membership.current().emId(),
        manager.membership.registration().map(Registration::sessionId).orElseThrow(),
        manager.inFlight.capacity(),
        runner,
        config.pollWait(),
        config.livenessInterval(),
        config.schedulerHeartbeatInterval());
    return manager;
  }

  /**
   * The current id and session; empty while storage has voided the id and registering again has
   * not succeeded yet.
   */
  public Optional<Registration> registration() {
    return membership.registration();
  }

  public State state() {
    synchronized (stopLock) {
      return state;
    }
  }

  /** How many tasks may be in flight at once: the runner's slots. */
  public int slots() {
    return inFlight.capacity();
  }

  /** {@link #shutdown(Duration)} with {@link RuntimeConfig#shutdownGrace()}. */
  public void shutdown() {
    shutdown(config.shutdownGrace());
  }

  /**
   * Asks the manager to stop; returns at once (see the class comment for the sequence). Running
   * tasks get {@code grace} to finish. Calling it again may shorten the grace, never lengthen it;
   * after termination it does nothing.
   *
   * @throws IllegalArgumentException when {@code grace} is negative
   */
  public void shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must not be negative, got " + grace);
    }
    requestStop(grace, null);
  }

  /**
   * Waits up to {@code timeout} for the manager to terminate.
   *
   * @return whether it terminated
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      termination.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the termination future never fails, yet", e);
    }
  }

  /**
   * Completes once the manager terminated: {@link Termination.Stopped} after {@link #shutdown}, or
   * {@link Termination.Failed} when the loop stopped on an error. Never completes exceptionally.
   * Each call returns a new dependent future; completing it does not affect the manager.
   */
  public CompletableFuture<Termination> termination() {
    return termination.copy();
  }

  /**
   * A JVM shutdown hook for SIGINT and SIGTERM: an unstarted thread named {@code
   * spider-shutdown-hook} that calls {@link #shutdown(Duration) shutdown(grace)} and waits for the
   * termination (the JVM halts once its hooks return), bounded by the grace, the report drain
   * timeout and a margin. Register it with {@code Runtime.getRuntime().addShutdownHook(...)}.
   */
  public Thread shutdownHook(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    Thread hook =
        new Thread(
            () -> {
              log.info("signal received: shutting down with a grace of {}", grace);
              shutdown(grace);
              awaitTerminationQuietly(grace);
            },
            "spider-shutdown-hook");
    hook.setDaemon(false);
    return hook;
  }

  /**
   * {@link #shutdown()}, then waits for the termination, bounded by the grace, the report drain
   * timeout and a margin.
   */
  @Override
  public void close() {
    shutdown();
    awaitTerminationQuietly(config.shutdownGrace());
  }

  private void awaitTerminationQuietly(Duration grace) {
    Duration bound = grace.plus(config.reportDrainTimeout()).plus(CANCEL_WAIT.multipliedBy(3));
    try {
      if (!awaitTermination(bound)) {
        log.error("execution manager did not terminate within {}; giving up on it", bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- start-up -------------------------------------------------------------------------------

  private static Registration register(RuntimeConfig config, LivenessClient liveness)
      throws ExecutionManagerException, InterruptedException {
    RetryPolicy retry = config.registration();
    for (int attempt = 1; ; attempt++) {
      try {
        Registration registration = liveness.register(config.advertisedAddress());
        log.info(
            "registered with storage as execution manager {} in session {} (advertising {})",
            registration.emId(),
            registration.sessionId(),
            config.advertisedAddress());
        return registration;
      } catch (TransportException e) {
        if (attempt >= retry.maxAttempts()) {
          throw new ExecutionManagerException(
              ExecutionManagerException.Kind.REGISTRATION,
              "cannot register with storage (advertising "
                  + config.advertisedAddress()
                  + "): "
                  + attempt
                  + " attempt(s) failed, the last with: "
                  + e.getMessage()
                  + "; check that storage is running and reachable",
              e);
        }
        Duration delay = retry.backoff().delayAfter(attempt);
        log.warn(
            "registering with storage failed (attempt {} of {}): {}; trying again in {}",
            attempt, retry.maxAttempts(), e.getMessage(), delay);
        TimeUnit.NANOSECONDS.sleep(delay.toNanos());
      }
    }
  }

  // ---- the loop -------------------------------------------------------------------------------

  private void runLoop() {
    try {
      loop();
    } catch (ExecutionManagerException e) {
      log.error("runtime loop stopping on an error: {}", e.getMessage(), e);
      requestStop(config.shutdownGrace(), e);
    } catch (RuntimeException | Error e) {
      log.error("runtime loop crashed (a bug)", e);
      requestStop(
          config.shutdownGrace(),
          new ExecutionManagerException(
              ExecutionManagerException.Kind.INTERNAL, "the runtime loop crashed: " + e, e));
    } finally {
      requestStop(config.shutdownGrace(), null); // a no-op when already stopping
      Thread.interrupted(); // a stop's interrupt must not cut the shutdown sequence short
      Termination result;
      try {
        result = shutdownSequence();
      } catch (RuntimeException | Error e) {
        log.error("the shutdown sequence failed (a bug)", e);
        result =
            new Termination.Failed(
                new ExecutionManagerException(
                    ExecutionManagerException.Kind.INTERNAL, "the shutdown sequence failed: " + e, e),
                new Termination.Summary(0, 0, 0, false));
      }
      finish(result);
    }
  }

  private void loop() throws ExecutionManagerException {
    int pollFailures = 0;
    while (true) {
      Registration polledAs = null;
      Optional<TaskAssignment> next = Optional.empty();
      Duration backoff = null;
      if (!enterWait()) {
        return;
      }
      try {
        if (!inFlight.awaitFreeSlot(config.pollWait())) {
          continue; // all slots busy: check for a stop, wait again
        }
        Optional<Registration> registration = membership.awaitRegistered(config.pollWait());
        if (registration.isEmpty()) {
          log.warn("not polling for tasks: not registered with storage ({})", membership.current());
          continue;
        }
        polledAs = registration.get();
        Optional<ConsumedAssignment> previous = Optional.ofNullable(unacknowledged.peekFirst());
        next = scheduler.nextTask(polledAs.emId(), previous, config.pollWait());
        if (previous.isPresent()) {
          unacknowledged.removeFirst();
          log.debug("acknowledged assignment {} to the scheduler", previous.get());
        }
        pollFailures = 0;
      } catch (TransportException | ServerException e) {
        backoff = config.polling().delayAfter(++pollFailures);
        log.warn(
            "nextTask failed ({} in a row): {}; polling again in {}",
            pollFailures, e.getMessage(), backoff);
      } catch (SchedulerProtocolException e) {
        backoff = config.polling().delayAfter(++pollFailures);
        log.error(
            "nextTask got a malformed reply ({} in a row; version mismatch between manager and"
                + " scheduler?): {}; polling again in {}",
            pollFailures, e.getMessage(), backoff);
      } catch (InterruptedException e) {
        onLoopInterrupted();
        return;
      } finally {
        leaveWait();
      }
      if (backoff != null) {
        if (!pause(backoff)) {
          return;
        }
      } else if (next.isPresent()) {
        handle(next.get(), polledAs);
      }
    }
  }

  private void handle(TaskAssignment a, Registration polledAs) throws ExecutionManagerException {
    log.info(
        "assignment {} from scheduler {}: task {} of job {} in resource group {}, session {}",
        a.id(), a.schedulerId(), a.taskId(), a.jobId(), a.resourceGroupId(), a.sessionId());
    if (stopping()) {
      log.info(
          "stopping: leaving assignment {} (task {} of job {}) unconsumed, neither registered nor"
              + " acknowledged",
          a.id(), a.taskId(), a.jobId());
      return;
    }
    Optional<String> stale = staleness(a, polledAs);
    if (stale.isEmpty()) {
      SessionId current = membership.registration().orElseThrow().sessionId();
      if (current.isBefore(a.sessionId())) {
        log.info(
            "assignment {} is from session {}, newer than the current session {}: refreshing the"
                + " session through liveness",
            a.id(), a.sessionId(), current);
        if (!awaitRefresh()) {
          log.info(
              "stopping: leaving assignment {} (task {} of job {}) unconsumed",
              a.id(), a.taskId(), a.jobId());
          return;
        }
        stale = staleness(a, polledAs);
      }
    }
    if (stale.isPresent()) {
      acknowledge(a);
      log.warn(
          "dropping assignment {} (task {} of job {}) without running it: {}",
          a.id(), a.taskId(), a.jobId(), stale.get());
      return;
    }
    Optional<ExecutionContext> context = registerInstance(a, polledAs.emId());
    if (context.isPresent()) {
      submit(a, polledAs.emId(), context.get());
    }
  }

  /** Why {@code a} must not run, if it must not. */
  private Optional<String> staleness(TaskAssignment a, Registration polledAs) {
    Optional<Registration> now = membership.registration();
    if (now.isEmpty() || !now.get().emId().equals(polledAs.emId())) {
      return Optional.of(
          "it was made to execution manager "
              + polledAs.emId()
              + ", which storage has voided since (now "
              + membership.current()
              + ")");
    }
    if (a.sessionId().isBefore(now.get().sessionId())) {
      return Optional.of(
          "its session "
              + a.sessionId()
              + " is older than the current session "
              + now.get().sessionId());
    }
    return Optional.empty();
  }

  /**
   * Registers the instance, acknowledging the assignment unless a transport error made us give up.
   *
   * @return the context to run, or empty when the task is not to run
   * @throws ExecutionManagerException on a server error (or a bug of the storage client)
   */
  private Optional<ExecutionContext> registerInstance(TaskAssignment a, ExecutionManagerId emId)
      throws ExecutionManagerException {
    RetryPolicy retry = config.taskRegistration();
    for (int attempt = 1; ; attempt++) {
      try {
        ExecutionContext context =
            storage.registerTaskInstance(a.jobId(), a.taskId(), emId, a.sessionId());
        acknowledge(a);
        return Optional.of(context);
      } catch (StaleSessionException e) {
        acknowledge(a);
        log.warn(
            "dropping assignment {} (task {} of job {}): {}; refreshing the session",
            a.id(), a.taskId(), a.jobId(), e.getMessage());
        awaitRefresh();
        return Optional.empty();
      } catch (CacheStaleException e) {
        acknowledge(a);
        log.info(
            "dropping assignment {} (task {} of job {}): no longer runnable: {}",
            a.id(), a.taskId(), a.jobId(), e.getMessage());
        return Optional.empty();
      } catch (TransportException e) {
        if (attempt >= retry.maxAttempts()) {
          log.error(
              "giving up assignment {} (task {} of job {}) after {} attempt(s) to register it,"
                  + " storage unreachable: {}; not acknowledged, so the scheduler can hand it out"
                  + " again",
              a.id(), a.taskId(), a.jobId(), attempt, e.getMessage());
          return Optional.empty();
        }
        Duration delay = retry.backoff().delayAfter(attempt);
        log.warn(
            "registering task {} of job {} failed (attempt {} of {}): {}; trying again in {}",
            a.taskId(), a.jobId(), attempt, retry.maxAttempts(), e.getMessage(), delay);
        if (!pause(delay)) {
          log.info(
              "stopping: leaving assignment {} (task {} of job {}) unconsumed",
              a.id(), a.taskId(), a.jobId());
          return Optional.empty();
        }
      } catch (ServerException e) {
        acknowledge(a);
        throw new ExecutionManagerException(
            ExecutionManagerException.Kind.STORAGE,
            "storage failed to register task "
                + a.taskId()
                + " of job "
                + a.jobId()
                + " (assignment "
                + a.id()
                + ", em "
                + emId
                + ", session "
                + a.sessionId()
                + "): "
                + e.getMessage()
                + "; the runtime loop stops, as Spider's does",
            e);
      } catch (InterruptedException e) {
        onLoopInterrupted(); // only an interrupt from outside reaches this call
        return Optional.empty();
      } catch (RuntimeException e) {
        acknowledge(a);
        throw new ExecutionManagerException(
            ExecutionManagerException.Kind.INTERNAL,
            "the storage client threw registering task "
                + a.taskId()
                + " of job "
                + a.jobId()
                + ": "
                + e,
            e);
      }
    }
  }

  private void acknowledge(TaskAssignment a) {
    unacknowledged.addLast(a.consumed());
  }

  private void submit(TaskAssignment a, ExecutionManagerId emId, ExecutionContext context) {
    TaskRun run =
        new TaskRun(
            a,
            emId,
            context,
            ExecuteRequests.build(context, a.resourceGroupId()),
            ExecuteRequests.timeouts(context.timeoutPolicy()));
    inFlight.add(run);
    log.info(
        "running {} (hard timeout {}{}), {} of {} slot(s) busy",
        run,
        run.timeouts().hard(),
        run.timeouts().soft().map(s -> ", soft timeout " + s).orElse(""),
        inFlight.size(),
        inFlight.capacity());
    taskThreads.execute(() -> execute(run));
  }

  // ---- task threads ---------------------------------------------------------------------------

  private void execute(TaskRun run) {
    try {
      if (!run.begin()) {
        log.info("{} was cancelled before it started", run);
        return;
      }
      Outcome outcome;
      try {
        outcome = runner.run(run.request(), run.timeouts());
      } catch (InterruptedException e) {
        // Whoever interrupted settled the run first; if no one did, it must still be reported.
        if (run.settle(TaskRun.Settlement.RUNNER_FAILED)) {
          log.error("{} was interrupted by an unknown party; reporting it as lost", run);
          reportIfCurrent(run, lost(run, "the task thread was interrupted"));
        }
        return;
      } catch (PoolException e) {
        if (run.settle(TaskRun.Settlement.RUNNER_FAILED)) {
          reportIfCurrent(run, lost(run, e.getMessage()));
        }
        requestStop(
            config.shutdownGrace(),
            new ExecutionManagerException(
                ExecutionManagerException.Kind.POOL,
                "the executor pool failed running " + run + ": " + e.getMessage(),
                e));
        return;
      } catch (RuntimeException | Error e) {
        log.error("the task runner threw running {} (a bug)", run, e);
        if (run.settle(TaskRun.Settlement.RUNNER_FAILED)) {
          reportIfCurrent(run, lost(run, "the task runner failed: " + e));
        }
        requestStop(
            config.shutdownGrace(),
            new ExecutionManagerException(
                ExecutionManagerException.Kind.INTERNAL,
                "the task runner threw running " + run + ": " + e,
                e));
        return;
      } finally {
        run.end();
      }
      if (!run.settle(TaskRun.Settlement.OUTCOME)) {
        log.info(
            "outcome of {} discarded ({}): the task was already {}",
            run, outcome, run.settlement().orElseThrow());
        return;
      }
      logOutcome(run, outcome);
      reportIfCurrent(run, Report.of(run.target(), outcome));
    } finally {
      inFlight.remove(run);
    }
  }

  private static Report lost(TaskRun run, String why) {
    return new Report.Failure(run.target(), FailureClassifier.executorLost(why));
  }

  private static void logOutcome(TaskRun run, Outcome outcome) {
    if (outcome instanceof Outcome.Success success) {
      log.info("{} succeeded in {} us", run, success.elapsedMicros());
    } else if (outcome instanceof Outcome.InTaskFailure failure) {
      log.warn("{} failed in {} us: {}", run, failure.elapsedMicros(), failure.error());
    } else if (outcome instanceof Outcome.Timeout timeout) {
      log.warn("{} passed its hard timeout of {}; its executor was killed", run, timeout.hardTimeout());
    } else if (outcome instanceof Outcome.ExecutorCrash crash) {
      log.warn(
          "{}: executor crashed: {}; last stderr lines: {}",
          run, crash.report().summary(), crash.report().stderrTail());
    }
  }

  /** Reports unless the registration or session the task ran under is no longer current. */
  private void reportIfCurrent(TaskRun run, Report report) {
    if (!membership.isCurrent(run.emId(), run.assignment().sessionId())) {
      log.warn(
          "not reporting {}: the storage session moved on while it ran (now {}); storage would"
              + " refuse the report",
          run, membership.current());
      return;
    }
    reporter.submit(report);
  }

  /** Called by the liveness heartbeat when storage voided {@code lost}. */
  private void voidRunsOf(ExecutionManagerId lost) {
    for (TaskRun run : inFlight.runningUnder(lost)) {
      if (run.settle(TaskRun.Settlement.VOIDED)) {
        log.warn("stopping {} unreported: storage voided execution manager {}", run, lost);
      }
      run.cancel();
    }
  }

  // ---- stopping -------------------------------------------------------------------------------

  private void requestStop(Duration grace, ExecutionManagerException cause) {
    boolean started;
    synchronized (stopLock) {
      if (state == State.TERMINATED) {
        return;
      }
      if (cause != null && failure == null) {
        failure = cause;
      }
      long deadline = System.nanoTime() + grace.toNanos();
      if (state == State.RUNNING) {
        started = true;
        state = State.STOPPING;
        this.grace = grace;
        stopDeadlineNanos = deadline;
        if (loopWaiting) {
          loopThread.interrupt();
        }
        stopLock.notifyAll();
      } else if (deadline - stopDeadlineNanos < 0) {
        started = false;
        this.grace = grace;
        stopDeadlineNanos = deadline;
      } else {
        return;
      }
    }
    // Outside stopLock: the calls below take other locks, and a waiter holds inFlight's.
    if (started) {
      log.info(
          "execution manager {} stopping{}: no more polling; {} running task(s) get {} to finish",
          membership.current().emId(),
          cause == null ? "" : " after an error",
          inFlight.size(),
          grace);
    } else {
      log.info("shutdown grace shortened: running tasks now get {} from now", grace);
    }
    inFlight.wakeWaiters();
  }

  private boolean stopping() {
    synchronized (stopLock) {
      return state != State.RUNNING;
    }
  }

  /** Enters a loop wait that a stop interrupts; false when already stopping. */
  private boolean enterWait() {
    synchronized (stopLock) {
      if (state != State.RUNNING) {
        return false;
      }
      loopWaiting = true;
      return true;
    }
  }

  private void leaveWait() {
    synchronized (stopLock) {
      loopWaiting = false;
      if (state != State.RUNNING) {
        Thread.interrupted(); // the stop's interrupt may have come after the wait ended
      }
    }
  }

  private void onLoopInterrupted() {
    if (!stopping()) {
      log.warn("the runtime loop thread was interrupted from outside; stopping as if shut down");
      requestStop(config.shutdownGrace(), null);
    }
  }

  /** Waits {@code delay} unless a stop comes first; false on a stop. */
  private boolean pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      synchronized (stopLock) {
        while (state == State.RUNNING) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          TimeUnit.NANOSECONDS.timedWait(stopLock, left);
        }
        return false;
      }
    } catch (InterruptedException e) {
      onLoopInterrupted();
      return false;
    }
  }

  /** Asks liveness for a heartbeat and waits (bounded) for it; false on a stop. */
  private boolean awaitRefresh() {
    CompletableFuture<Void> refreshed = liveness.refresh();
    if (!enterWait()) {
      return false;
    }
    try {
      refreshed.get(config.sessionRefreshWait().toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      log.warn(
          "the liveness heartbeat asked for did not complete within {}; carrying on with {}",
          config.sessionRefreshWait(), membership.current());
      return true;
    } catch (ExecutionException e) {
      throw new IllegalStateException("refresh futures never fail, yet", e);
    } catch (InterruptedException e) {
      onLoopInterrupted();
      return false;
    } finally {
      leaveWait();
    }
  }

  /** Runs on the loop thread once the loop has ended; every step is bounded and never throws. */
  private Termination shutdownSequence() {
    List<TaskRun> atStop = inFlight.snapshot();
    int abandoned = 0;
    boolean interrupted = false;
    Duration grace;
    synchronized (stopLock) {
      grace = this.grace;
    }
    try {
      if (!atStop.isEmpty()) {
        log.info("waiting up to {} for {} running task(s) to finish", grace, atStop.size());
      }
      if (!inFlight.awaitEmpty(() -> stopDeadlineNanos)) {
        abandoned = abandonRunning();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      abandoned = abandonRunning();
    }
    boolean flushed = false;
    try {
      flushed = reporter.drain(config.reportDrainTimeout());
    } catch (InterruptedException e) {
      interrupted = true;
    }
    schedulerHeartbeat.close();
    List<ConsumedAssignment> acks = List.copyOf(unacknowledged);
    unacknowledged.clear();
    ExecutionManagerId emId = membership.current().emId();
    log.info(
        "telling the scheduler execution manager {} is going away, acknowledging {} assignment(s)"
            + " {}",
        emId, acks.size(), acks);
    try {
      scheduler.shutdown(emId, acks);
    } catch (RuntimeException e) {
      log.error("SchedulerClient.shutdown threw (a bug: it is documented never to throw)", e);
    }
    liveness.close();
    closeRunner(runner);
    taskThreads.shutdownNow();
    try {
      if (!taskThreads.awaitTermination(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.error(
            "task threads still busy {} after the runner was closed; leaving them (daemon)",
            CANCEL_WAIT);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    int finished =
        (int)
            atStop.stream()
                .filter(run -> run.settlement().equals(Optional.of(TaskRun.Settlement.OUTCOME)))
                .count();
    return terminationOf(new Termination.Summary(finished, abandoned, acks.size(), flushed));
  }

  /** Stops and reports the tasks still running after the grace period; returns how many. */
  private int abandonRunning() {
    Duration grace;
    synchronized (stopLock) {
      grace = this.grace;
    }
    int abandoned = 0;
    for (TaskRun run : inFlight.snapshot()) {
      if (run.settle(TaskRun.Settlement.ABANDONED_AT_SHUTDOWN)) {
        abandoned++;
        log.warn(
            "{} did not finish within the shutdown grace of {}: stopping it and reporting it as lost",
            run, grace);
        reportIfCurrent(
            run,
            lost(
                run,
                "the execution manager shut down and the task did not finish within the grace"
                    + " period of "
                    + grace));
      }
      run.cancel();
    }
    long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
    try {
      if (!inFlight.awaitEmpty(() -> deadline)) {
        log.error(
            "tasks still running {} after being interrupted: {}; closing the runner next",
            CANCEL_WAIT, inFlight.snapshot());
      }
    } catch (InterruptedException e) {
      log.warn("interrupted while waiting for abandoned tasks to stop; carrying on with the shutdown");
    }
    return abandoned;
  }

  private Termination terminationOf(Termination.Summary summary) {
    synchronized (stopLock) {
      return failure == null
          ? new Termination.Stopped(summary)
          : new Termination.Failed(failure, summary);
    }
  }

  private void finish(Termination result) {
    synchronized (stopLock) {
      state = State.TERMINATED;
    }
    if (result instanceof Termination.Failed failed) {
      log.error(
          "execution manager {} terminated after an error: {} ({})",
          membership.current().emId(), failed.error().getMessage(), failed.summary());
    } else {
      log.info("execution manager {} terminated: {}", membership.current().emId(), result.summary());
    }
    termination.complete(result);
  }

  private static void closeRunner(TaskRunner runner) {
    try {
      runner.close();
    } catch (RuntimeException e) {
      log.error("closing the task runner {} failed", runner, e);
    }
  }
}
