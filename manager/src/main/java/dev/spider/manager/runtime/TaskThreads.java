package dev.spider.manager.runtime;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each registered task instance on a thread of its own ({@code spider-task-N}, one per runner
 * slot) with its hard and soft timeouts, settles it, and has its outcome reported unless the
 * registration or the session it ran under moved on meanwhile. At shutdown it abandons what is
 * still running past the grace, and finally closes the runner. The package documentation tells
 * where this fits.
 *
 * <p><b>Invariants.</b> Every instance is settled at most once ({@link TaskRun#settle}) and only
 * the settler reports it, so an instance is reported at most once however its task thread, the
 * shutdown sequence and the liveness heartbeat race. Every instance leaves {@link InFlight} when
 * its task thread is done with it. A runner failure reports the instance as lost and stops the
 * manager with an error.
 *
 * <p><b>Threads and locks.</b> {@link #start} is called by the loop thread; the body runs on the
 * task threads; {@link #abandonRunning} and {@link #close} are called by the loop thread during the
 * shutdown sequence. This class has no lock of its own: fates are decided by {@link TaskRun}'s
 * compare-and-set, and the locks of {@link InFlight}, {@link Membership} and {@link StopControl}
 * are taken only inside their calls, one at a time.
 */
final class TaskThreads implements AutoCloseable {

  /** How long abandoned tasks, and then the task threads, get to return after an interrupt. */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(TaskThreads.class);

  private final TaskRunner runner;
  private final InFlight inFlight;
  private final Membership membership;
  private final Reporter reporter;
  private final StopControl stop;
  private final ExecutorService threads;

  TaskThreads(
      TaskRunner runner,
      InFlight inFlight,
      Membership membership,
      Reporter reporter,
      StopControl stop) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.threads =
        Executors.newFixedThreadPool(
            inFlight.capacity(),
            new ThreadFactoryBuilder().setNameFormat("spider-task-%d").setDaemon(true).build());
  }

  /**
   * Starts the registered instance {@code context} of {@code a}, registered under {@code emId}. The
   * caller has made sure a slot is free ({@link InFlight#awaitFreeSlot}).
   */
  void start(TaskAssignment a, ExecutionManagerId emId, ExecutionContext context) {
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
    threads.execute(() -> execute(run));
  }

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
        stop.fail(
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
        stop.fail(
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
            run,
            outcome,
            run.settlement().orElseThrow());
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
      log.warn(
          "{} passed its hard timeout of {}; its executor was killed", run, timeout.hardTimeout());
    } else if (outcome instanceof Outcome.ExecutorCrash crash) {
      log.warn(
          "{}: executor crashed: {}; last stderr lines: {}",
          run,
          crash.report().summary(),
          crash.report().stderrTail());
    }
  }

  /** Reports unless the registration or session the task ran under is no longer current. */
  private void reportIfCurrent(TaskRun run, Report report) {
    if (!membership.isCurrent(run.emId(), run.assignment().sessionId())) {
      log.warn(
          "not reporting {}: the storage session moved on while it ran (now {}); storage would"
              + " refuse the report",
          run,
          membership.current());
      return;
    }
    reporter.submit(report);
  }

  /**
   * Stops the tasks still running once the shutdown grace passed and reports them as lost, then
   * waits up to {@link #CANCEL_WAIT} for their task threads to return.
   *
   * @param grace the grace they had, quoted in the reports
   * @return how many this call settled (abandoned)
   */
  int abandonRunning(Duration grace) {
    int abandoned = 0;
    for (TaskRun run : inFlight.snapshot()) {
      if (run.settle(TaskRun.Settlement.ABANDONED_AT_SHUTDOWN)) {
        abandoned++;
        log.warn(
            "{} did not finish within the shutdown grace of {}: stopping it and reporting it as"
                + " lost",
            run,
            grace);
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
            CANCEL_WAIT,
            inFlight.snapshot());
      }
    } catch (InterruptedException e) {
      log.warn(
          "interrupted while waiting for abandoned tasks to stop; carrying on with the shutdown");
    }
    return abandoned;
  }

  /**
   * Closes the runner, then stops the task threads, waiting up to {@link #CANCEL_WAIT} for them.
   * Keeps the caller's interrupt status.
   */
  @Override
  public void close() {
    closeRunner(runner);
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(CANCEL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        log.error(
            "task threads still busy {} after the runner was closed; leaving them (daemon)",
            CANCEL_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes {@code runner}, logging what it throws: closing must not cut a shutdown short. */
  static void closeRunner(TaskRunner runner) {
    try {
      runner.close();
    } catch (RuntimeException e) {
      log.error("closing the task runner {} failed", runner, e);
    }
  }
}
