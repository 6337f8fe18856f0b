package dev.spider.cli.embedded;

import static dev.spider.cli.job.TaskStatus.CANCELLED;
import static dev.spider.cli.job.TaskStatus.FAILED;
import static dev.spider.cli.job.TaskStatus.READY;
import static dev.spider.cli.job.TaskStatus.RUNNING;
import static dev.spider.cli.job.TaskStatus.SKIPPED;
import static dev.spider.cli.job.TaskStatus.SUCCEEDED;
import static dev.spider.cli.job.TaskStatus.WAITING;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Maps;
import com.google.common.collect.Sets;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TerminationTask;
import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.tdl.TaskId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a job in the embedded cluster: its {@link TaskStatus}, its attempts and what they
 * left (outputs, the last failure, the time they ran).
 *
 * <p>Every status change goes through one of the transition methods below, which checks it against
 * the flow documented on {@link TaskStatus} and throws {@link IllegalTransitionException} naming
 * the task for any other. Invariants: {@link #liveInstance()} is present only while {@code
 * RUNNING}, and is then the one {@link Instance.State#OPEN} instance of the task; {@link
 * #assignment()} is present only while {@code RUNNING} without an instance; outputs are kept only
 * once {@code SUCCEEDED}.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package.
 */
final class TaskRecord {

  /**
   * The transitions of the flow on {@link TaskStatus}; terminal statuses have none. RUNNING to
   * RUNNING is an assigned task being registered, or a registration superseding another.
   */
  private static final ImmutableMap<TaskStatus, ImmutableSet<TaskStatus>> NEXT =
      Maps.immutableEnumMap(
          Map.of(
              WAITING, Sets.immutableEnumSet(READY, SKIPPED),
              READY, Sets.immutableEnumSet(RUNNING, SKIPPED),
              RUNNING, Sets.immutableEnumSet(RUNNING, READY, SUCCEEDED, FAILED, CANCELLED)));

  private final JobRecord job;
  private final TaskId taskId;
  private final String name;
  private final TaskFunction function;
  private final ExecutionPolicy policy;
  private final Optional<TaskSpec> spec;

  private TaskStatus status = WAITING;
  private int pendingProducers;
  private int attempts;
  private int failures;
  private long runNanos;
  private Instance live; // null unless RUNNING with a registered instance
  private AssignmentId assignment; // null unless RUNNING, assigned and not registered yet
  private List<byte[]> outputs = List.of();
  private TaskFailure lastFailure; // null until an attempt fails

  private TaskRecord(
      JobRecord job,
      TaskId taskId,
      String name,
      TaskFunction function,
      ExecutionPolicy policy,
      Optional<TaskSpec> spec) {
    this.job = job;
    this.taskId = taskId;
    this.name = name;
    this.function = function;
    this.policy = policy;
    this.spec = spec;
    this.pendingProducers = spec.map(TaskRecord::producerCount).orElse(0);
  }

  /** The distinct tasks a graph task takes inputs from (task ids are unique in a job). */
  private static int producerCount(TaskSpec spec) {
    return (int)
        spec.inputs().stream()
            .filter(OutputRef.class::isInstance)
            .map(input -> ((OutputRef) input).task())
            .distinct()
            .count();
  }

  /** The graph task at {@code index} of {@code job}'s spec. */
  static TaskRecord graphTask(JobRecord job, int index) {
    TaskSpec spec = job.spec().tasks().get(index);
    return new TaskRecord(
        job, TaskId.index(index), spec.id(), spec.function(), spec.policy(), Optional.of(spec));
  }

  /** The commit task of {@code job}. */
  static TaskRecord commitTask(JobRecord job, TerminationTask task) {
    return new TaskRecord(
        job, TaskId.COMMIT, JobSpec.COMMIT_NAME, task.function(), task.policy(), Optional.empty());
  }

  /** The cleanup task of {@code job}. */
  static TaskRecord cleanupTask(JobRecord job, TerminationTask task) {
    return new TaskRecord(
        job,
        TaskId.CLEANUP,
        JobSpec.CLEANUP_NAME,
        task.function(),
        task.policy(),
        Optional.empty());
  }

  JobRecord job() {
    return job;
  }

  TaskId taskId() {
    return taskId;
  }

  /** The task's id in the job, or {@code commit} / {@code cleanup}. */
  String name() {
    return name;
  }

  TaskFunction function() {
    return function;
  }

  ExecutionPolicy policy() {
    return policy;
  }

  /** The graph task's spec; empty for the commit and cleanup tasks. */
  Optional<TaskSpec> spec() {
    return spec;
  }

  TaskStatus status() {
    return status;
  }

  /** Instances registered so far, retries included. */
  int attempts() {
    return attempts;
  }

  Optional<Instance> liveInstance() {
    return Optional.ofNullable(live);
  }

  Optional<AssignmentId> assignment() {
    return Optional.ofNullable(assignment);
  }

  /** The payloads of the successful attempt; empty before success and for termination tasks. */
  List<byte[]> outputs() {
    return outputs;
  }

  Optional<TaskFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** The time its attempts ran, an attempt still running counted up to {@code nowNanos}. */
  long runNanos(long nowNanos) {
    return runNanos + (live == null ? 0 : nowNanos - live.startNanos());
  }

  /** For messages: {@code job 3 task 'b' (Index(1))}. */
  String describe() {
    return "job " + job.id() + " task '" + name + "' (" + taskId + ")";
  }

  // Transitions.

  /** WAITING or RUNNING (its attempt ended or never registered) to READY; the caller queues it. */
  void ready() {
    if (live != null) {
      throw new IllegalTransitionException(
          describe() + " with a live instance", status.name(), READY.name());
    }
    moveTo(READY);
    assignment = null;
  }

  /** READY to RUNNING: handed to a manager, which has yet to register an instance. */
  void assign(AssignmentId id) {
    moveTo(RUNNING);
    assignment = Objects.requireNonNull(id, "id");
  }

  /**
   * Whether the task is still waiting for an instance to be registered for assignment {@code id}:
   * if the manager acknowledges {@code id} now, it dropped the task.
   */
  boolean awaitsRegistrationFor(AssignmentId id) {
    return status == RUNNING && live == null && id.equals(assignment);
  }

  /** READY or RUNNING to RUNNING with {@code instance} live; void the live one first. */
  void register(Instance instance) {
    if (live != null) {
      throw new IllegalTransitionException(
          describe() + " with a live instance", status.name(), RUNNING.name());
    }
    moveTo(RUNNING);
    live = instance;
    assignment = null;
    attempts++;
  }

  /** RUNNING to SUCCEEDED on the live instance's report, keeping {@code payloads}. */
  void succeed(List<byte[]> payloads, long nowNanos) {
    moveTo(SUCCEEDED);
    endAttempt(nowNanos).succeeded();
    outputs = List.copyOf(payloads);
  }

  /**
   * Ends the live attempt on its failure report; the task stays RUNNING until the caller either
   * {@linkplain #ready() retries} it or {@linkplain #fail() fails} it.
   *
   * @return whether the retry budget allows another attempt: the failure is environmental and the
   *     task has not failed more than {@link ExecutionPolicy#maxRetries()} times
   */
  boolean attemptFailed(TaskFailure failure, long nowNanos) {
    endAttempt(nowNanos).failed();
    failures++;
    lastFailure = Objects.requireNonNull(failure, "failure");
    return failure.failureClass() == FailureClass.ENVIRONMENTAL && failures <= policy.maxRetries();
  }

  /** RUNNING (its attempt failed for good) to FAILED. */
  void fail() {
    moveTo(FAILED);
  }

  /** WAITING to SKIPPED: a task it depends on failed. */
  void skip() {
    moveTo(SKIPPED);
  }

  /**
   * Stops the task because its job ended: RUNNING to CANCELLED (its attempt void), WAITING or READY
   * to SKIPPED; an ended task stays as it is.
   */
  void stop(long nowNanos) {
    if (status == RUNNING) {
      voidAttempt("job " + job.id() + " ended", nowNanos);
      moveTo(CANCELLED);
    } else if (status == WAITING || status == READY) {
      moveTo(SKIPPED);
    }
  }

  /**
   * Ends the live attempt without a report, if there is one, and forgets the assignment; the status
   * is the caller's to change next.
   */
  void voidAttempt(String why, long nowNanos) {
    if (live != null) {
      runNanos += nowNanos - live.startNanos();
      live.voidFor(why);
      live = null;
    }
    assignment = null;
  }

  /**
   * One task it takes an input from has succeeded.
   *
   * @return whether that was the last one, so the task is runnable now
   */
  boolean producerSucceeded() {
    pendingProducers--;
    return pendingProducers == 0 && status == WAITING;
  }

  /** Whether the task waits for no other task; graph tasks without references start ready. */
  boolean needsNoProducer() {
    return pendingProducers == 0;
  }

  private Instance endAttempt(long nowNanos) {
    Instance instance = live;
    if (instance == null) {
      throw new IllegalStateException(describe() + " has no live instance to end");
    }
    runNanos += nowNanos - instance.startNanos();
    live = null;
    return instance;
  }

  private void moveTo(TaskStatus next) {
    if (!NEXT.getOrDefault(status, ImmutableSet.of()).contains(next)) {
      throw new IllegalTransitionException(describe(), status.name(), next.name());
    }
    status = next;
  }
}
