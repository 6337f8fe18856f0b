package dev.spider.manager.runtime;

import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignment intake, the body of the loop thread ({@code spider-runtime-loop}) while the
 * manager runs: waits for a free slot and a registration, long-polls the scheduler, checks each
 * assignment's session, has it registered ({@link InstanceRegistrar}) and hands it to the {@link
 * TaskThreads}; and keeps the {@link Acknowledgements} of what it consumed. The package
 * documentation lists each step and each client error's reaction.
 *
 * <p><b>Invariants.</b> It never polls while every slot is busy or while the manager is not
 * registered. An assignment is acknowledged when it is registered or dropped on purpose, and not
 * when registering it was given up after transport errors (so the scheduler hands it out again),
 * when registering it stopped the manager with an error (as in Spider), or when a stop came before
 * it was registered (unconsumed, as in Spider).
 *
 * <p><b>Threads and locks.</b> Confined to the loop thread; not thread-safe, and no lock of its
 * own. It waits on one thing at a time, each wait bounded and interrupted by a stop: a free slot
 * ({@link InFlight}), a registration ({@link Membership}), the long poll, a backoff ({@link
 * StopControl}) or a session refresh ({@link SessionRefresh}).
 */
final class AssignmentIntake {

  private static final Logger log = LoggerFactory.getLogger(AssignmentIntake.class);

  /** What one poll brought. */
  private sealed interface Polled {}

  /** Nothing to do: no free slot or registration yet, or no assignment within the poll wait. */
  private record Nothing() implements Polled {}

  private record Assigned(TaskAssignment assignment, Registration polledAs) implements Polled {}

  /** The poll failed; poll again after {@code backoff}. */
  private record Failed(Duration backoff) implements Polled {}

  /** The loop thread was interrupted: stop. */
  private record Interrupted() implements Polled {}

  private final Duration pollWait;
  private final Backoff pollBackoff;
  private final SchedulerClient scheduler;
  private final Membership membership;
  private final InFlight inFlight;
  private final StopControl stop;
  private final Acknowledgements acks;
  private final SessionRefresh refresh;
  private final InstanceRegistrar registrar;
  private final TaskThreads tasks;
  private int pollFailures; // in a row

  /**
   * @param pollWait {@link RuntimeConfig#pollWait()}
   * @param pollBackoff {@link RuntimeConfig#polling()}
   */
  AssignmentIntake(
      Duration pollWait,
      Backoff pollBackoff,
      SchedulerClient scheduler,
      Membership membership,
      InFlight inFlight,
      StopControl stop,
      Acknowledgements acks,
      SessionRefresh refresh,
      InstanceRegistrar registrar,
      TaskThreads tasks) {
    this.pollWait = Objects.requireNonNull(pollWait, "pollWait");
    this.pollBackoff = Objects.requireNonNull(pollBackoff, "pollBackoff");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.acks = Objects.requireNonNull(acks, "acks");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.registrar = Objects.requireNonNull(registrar, "registrar");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
  }

  /**
   * Takes assignments until a stop.
   *
   * @throws ExecutionManagerException when storage failed registering an instance, or the storage
   *     client threw (a bug): the manager must stop with that error
   */
  void run() throws ExecutionManagerException {
    while (turn()) {
      // each turn polls once and handles what it brought
    }
  }

  /**
   * One turn of the loop: a poll, then its backoff or its assignment.
   *
   * @return false once stopping
   */
  boolean turn() throws ExecutionManagerException {
    if (!stop.enterWait()) {
      return false;
    }
    Polled polled;
    try {
      polled = poll();
    } finally {
      stop.leaveWait();
    }
    if (polled instanceof Failed failed) {
      return stop.pause(failed.backoff());
    }
    if (polled instanceof Assigned assigned) {
      handle(assigned.assignment(), assigned.polledAs());
    }
    return !(polled instanceof Interrupted);
  }

  private Polled poll() {
    try {
      if (!inFlight.awaitFreeSlot(pollWait)) {
        return new Nothing(); // all slots busy: check for a stop, wait again
      }
      Optional<Registration> registration = membership.awaitRegistered(pollWait);
      if (registration.isEmpty()) {
        log.warn("not polling for tasks: not registered with storage ({})", membership.current());
        return new Nothing();
      }
      Registration polledAs = registration.get();
      Optional<ConsumedAssignment> previous = acks.next();
      Optional<TaskAssignment> next = scheduler.nextTask(polledAs.emId(), previous, pollWait);
      if (previous.isPresent()) {
        acks.delivered(previous.get());
        log.debug("acknowledged assignment {} to the scheduler", previous.get());
      }
      pollFailures = 0;
      return next.<Polled>map(a -> new Assigned(a, polledAs)).orElseGet(Nothing::new);
    } catch (TransportException | ServerException e) {
      Duration backoff = pollBackoff.delayAfter(++pollFailures);
      log.warn(
          "nextTask failed ({} in a row): {}; polling again in {}",
          pollFailures,
          e.getMessage(),
          backoff);
      return new Failed(backoff);
    } catch (SchedulerProtocolException e) {
      Duration backoff = pollBackoff.delayAfter(++pollFailures);
      log.error(
          "nextTask got a malformed reply ({} in a row; version mismatch between manager and"
              + " scheduler?): {}; polling again in {}",
          pollFailures,
          e.getMessage(),
          backoff);
      return new Failed(backoff);
    } catch (InterruptedException e) {
      stop.onLoopInterrupted();
      return new Interrupted();
    }
  }

  /**
   * Handles assignment {@code a}, polled as {@code polledAs}: drops it if stale, else registers it
   * and starts it.
   *
   * @throws ExecutionManagerException when registering it failed so that the manager must stop
   */
  void handle(TaskAssignment a, Registration polledAs) throws ExecutionManagerException {
    log.info(
        "assignment {} from scheduler {}: task {} of job {} in resource group {}, session {}",
        a.id(),
        a.schedulerId(),
        a.taskId(),
        a.jobId(),
        a.resourceGroupId(),
        a.sessionId());
    if (stop.stopping()) {
      log.info(
          "stopping: leaving assignment {} (task {} of job {}) unconsumed, neither registered nor"
              + " acknowledged",
          a.id(),
          a.taskId(),
          a.jobId());
      return;
    }
    Optional<String> stale = staleness(a, polledAs);
    if (stale.isEmpty()) {
      SessionId current = membership.registration().orElseThrow().sessionId();
      if (current.isBefore(a.sessionId())) {
        log.info(
            "assignment {} is from session {}, newer than the current session {}: refreshing the"
                + " session through liveness",
            a.id(),
            a.sessionId(),
            current);
        if (!refresh.await()) {
          log.info(
              "stopping: leaving assignment {} (task {} of job {}) unconsumed",
              a.id(),
              a.taskId(),
              a.jobId());
          return;
        }
        stale = staleness(a, polledAs);
      }
    }
    if (stale.isPresent()) {
      acks.consumed(a);
      log.warn(
          "dropping assignment {} (task {} of job {}) without running it: {}",
          a.id(),
          a.taskId(),
          a.jobId(),
          stale.get());
      return;
    }
    Optional<ExecutionContext> context = registrar.register(a, polledAs.emId());
    if (context.isPresent()) {
      tasks.start(a, polledAs.emId(), context.get());
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
}
