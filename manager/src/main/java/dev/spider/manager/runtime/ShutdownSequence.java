package dev.spider.manager.runtime;

import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown sequence, run by the loop thread once the {@link AssignmentIntake} stopped: grace
 * for the running tasks, abandonment of the rest, the report drain, the scheduler's goodbye with
 * the last acknowledgements, then the heartbeats and the runner closed, in the order the package
 * documentation gives (STOPPING) and gives reasons for.
 *
 * <p><b>Invariants.</b> Every step is bounded (by the grace, {@link
 * RuntimeConfig#reportDrainTimeout()} or {@link TaskThreads#CANCEL_WAIT}) and runs even when an
 * earlier one failed or was interrupted; {@link #run()} never throws. The liveness heartbeat stops
 * only after the tasks and reports are done, so storage does not declare the manager dead while
 * they finish. An interrupt of the calling thread cuts waits short and is kept for the caller.
 *
 * <p><b>Threads and locks.</b> Runs once, on the loop thread, which also owns the {@link
 * Acknowledgements}. No lock of its own; it waits on {@link InFlight} (its deadline read from
 * {@link StopControl} without that lock) and on the report and task threads.
 */
final class ShutdownSequence {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

  private final Duration reportDrainTimeout;
  private final StopControl stop;
  private final InFlight inFlight;
  private final TaskThreads tasks;
  private final Reporter reporter;
  private final SchedulerHeartbeat schedulerHeartbeat;
  private final SchedulerClient scheduler;
  private final Acknowledgements acks;
  private final Membership membership;
  private final LivenessHeartbeat liveness;

  ShutdownSequence(
      Duration reportDrainTimeout,
      StopControl stop,
      InFlight inFlight,
      TaskThreads tasks,
      Reporter reporter,
      SchedulerHeartbeat schedulerHeartbeat,
      SchedulerClient scheduler,
      Acknowledgements acks,
      Membership membership,
      LivenessHeartbeat liveness) {
    this.reportDrainTimeout = Objects.requireNonNull(reportDrainTimeout, "reportDrainTimeout");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.schedulerHeartbeat = Objects.requireNonNull(schedulerHeartbeat, "schedulerHeartbeat");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.acks = Objects.requireNonNull(acks, "acks");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
  }

  /**
   * Runs the sequence; a stop must have been requested.
   *
   * @return how the manager ended: failed if an error stopped the loop or the sequence itself
   *     failed (a bug), else stopped
   */
  Termination run() {
    try {
      return steps();
    } catch (RuntimeException | Error e) {
      log.error("the shutdown sequence failed (a bug)", e);
      return new Termination.Failed(
          new ExecutionManagerException(
              ExecutionManagerException.Kind.INTERNAL, "the shutdown sequence failed: " + e, e),
          new Termination.Summary(0, 0, 0, false));
    }
  }

  private Termination steps() {
    List<TaskRun> atStop = inFlight.snapshot();
    int abandoned = 0;
    boolean interrupted = false;
    try {
      if (!atStop.isEmpty()) {
        log.info("waiting up to {} for {} running task(s) to finish", stop.grace(), atStop.size());
      }
      if (!inFlight.awaitEmpty(stop::deadlineNanos)) {
        abandoned = tasks.abandonRunning(stop.grace());
      }
    } catch (InterruptedException e) {
      interrupted = true;
      abandoned = tasks.abandonRunning(stop.grace());
    }
    boolean flushed = false;
    try {
      flushed = reporter.drain(reportDrainTimeout);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    schedulerHeartbeat.close();
    List<ConsumedAssignment> last = acks.drain();
    ExecutionManagerId emId = membership.current().emId();
    log.info(
        "telling the scheduler execution manager {} is going away, acknowledging {} assignment(s)"
            + " {}",
        emId,
        last.size(),
        last);
    try {
      scheduler.shutdown(emId, last);
    } catch (RuntimeException e) {
      log.error("SchedulerClient.shutdown threw (a bug: it is documented never to throw)", e);
    }
    liveness.close();
    tasks.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    int finished =
        (int)
            atStop.stream()
                .filter(run -> run.settlement().equals(Optional.of(TaskRun.Settlement.OUTCOME)))
                .count();
    return stop.terminationOf(new Termination.Summary(finished, abandoned, last.size(), flushed));
  }
}
