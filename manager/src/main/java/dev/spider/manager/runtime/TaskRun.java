package dev.spider.manager.runtime;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Timeouts;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One registered task instance in flight, from submission until its task thread returns.
 *
 * <p><b>Settled once.</b> Whoever decides the instance's fate first — its task thread with an
 * outcome, shutdown when the grace period passes, the liveness heartbeat when the registration is
 * voided — {@linkplain #settle settles} it; everyone else leaves it alone. Only the settler may
 * report, so an instance is reported at most once however the races go.
 *
 * <p><b>Cancelled safely.</b> {@link #cancel()} interrupts the task thread only between {@link
 * #begin()} and {@link #end()}, so an interrupt never leaks into the next task of that thread.
 */
final class TaskRun {

  /** Who settled the instance. */
  enum Settlement {
    /** The runner returned an outcome (reported, or dropped as stale). */
    OUTCOME,
    /** The runner failed (pool failure or bug); reported as "executor lost". */
    RUNNER_FAILED,
    /** Still running when the shutdown grace passed; cancelled, reported as "executor lost". */
    ABANDONED_AT_SHUTDOWN,
    /** Its registration was voided by storage (marked dead); cancelled, not reported. */
    VOIDED
  }

  private final TaskAssignment assignment;
  private final ExecutionManagerId emId;
  private final ExecutionContext context;
  private final ExecuteRequest request;
  private final Timeouts timeouts;
  private final AtomicReference<Settlement> settlement = new AtomicReference<>();

  // Guarded by this.
  private Thread thread;
  private boolean cancelled;

  TaskRun(
      TaskAssignment assignment,
      ExecutionManagerId emId,
      ExecutionContext context,
      ExecuteRequest request,
      Timeouts timeouts) {
    this.assignment = Objects.requireNonNull(assignment, "assignment");
    this.emId = Objects.requireNonNull(emId, "emId");
    this.context = Objects.requireNonNull(context, "context");
    this.request = Objects.requireNonNull(request, "request");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
  }

  TaskAssignment assignment() {
    return assignment;
  }

  ExecutionManagerId emId() {
    return emId;
  }

  ExecuteRequest request() {
    return request;
  }

  Timeouts timeouts() {
    return timeouts;
  }

  ReportTarget target() {
    return new ReportTarget(
        assignment.jobId(),
        assignment.taskId(),
        context.taskInstanceId(),
        emId,
        assignment.sessionId());
  }

  /**
   * Settles the instance as {@code how} unless someone else already did.
   *
   * @return whether this caller settled it (and so owns its report)
   */
  boolean settle(Settlement how) {
    return settlement.compareAndSet(null, how);
  }

  Optional<Settlement> settlement() {
    return Optional.ofNullable(settlement.get());
  }

  /**
   * Called by the task thread before it runs the task.
   *
   * @return false when the run was cancelled before it started: do not run it
   */
  synchronized boolean begin() {
    if (cancelled) {
      return false;
    }
    thread = Thread.currentThread();
    return true;
  }

  /** Called by the task thread when the runner returned; clears an interrupt that came too late. */
  synchronized void end() {
    thread = null;
    Thread.interrupted();
  }

  /** Stops the task: interrupts its thread while it runs, or keeps it from starting. */
  synchronized void cancel() {
    cancelled = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public String toString() {
    return target()
        + " ["
        + context.function()
        + ", assignment "
        + assignment.id()
        + " of scheduler "
        + assignment.schedulerId()
        + "]";
  }
}
