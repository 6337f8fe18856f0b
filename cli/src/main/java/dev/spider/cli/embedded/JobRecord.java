package dev.spider.cli.embedded;

import static dev.spider.cli.job.JobState.CANCELLED;
import static dev.spider.cli.job.JobState.CLEANING_UP;
import static dev.spider.cli.job.JobState.COMMITTING;
import static dev.spider.cli.job.JobState.FAILED;
import static dev.spider.cli.job.JobState.REGISTERED;
import static dev.spider.cli.job.JobState.RUNNING;
import static dev.spider.cli.job.JobState.SUCCEEDED;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.Maps;
import com.google.common.collect.Sets;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.tdl.TaskId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job in the embedded cluster: its tasks, the instances registered for them, and its {@link
 * JobState}, which moves as its tasks end, along the flow documented on {@link JobState}.
 *
 * <p>Every state change goes through {@link #moveTo}, which checks it against that flow and throws
 * {@link IllegalTransitionException} naming the job for any other. Invariants: once the job is
 * terminal none of its tasks is READY or RUNNING (so no instance of it is open); {@code
 * afterCleanup} is set exactly while CLEANING_UP; {@code failure} is set once the job failed or was
 * cancelled.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package; it
 * queues ready tasks on the store's {@link ReadyQueue} under that lock.
 */
final class JobRecord {

  private static final Logger log = LoggerFactory.getLogger(JobRecord.class);

  /** The transitions of the flow on {@link JobState}; terminal states have none. */
  private static final ImmutableMap<JobState, ImmutableSet<JobState>> NEXT =
      Maps.immutableEnumMap(
          Map.of(
              REGISTERED,
              Sets.immutableEnumSet(RUNNING, CLEANING_UP, CANCELLED),
              RUNNING,
              Sets.immutableEnumSet(COMMITTING, CLEANING_UP, SUCCEEDED, FAILED, CANCELLED),
              COMMITTING,
              Sets.immutableEnumSet(CLEANING_UP, SUCCEEDED, FAILED, CANCELLED),
              CLEANING_UP,
              Sets.immutableEnumSet(FAILED, CANCELLED)));

  private final JobId id;
  private final ResourceGroupId resourceGroup;
  private final JobSpec spec;
  private final ReadyQueue readyQueue;
  private final long submittedNanos;
  private final ImmutableList<TaskRecord> graph;
  private final Optional<TaskRecord> commit;
  private final Optional<TaskRecord> cleanup;

  /** Producer to the distinct graph tasks taking an input from it, in task order. */
  private final ImmutableSetMultimap<TaskRecord, TaskRecord> consumers;

  private final Map<TaskInstanceId, Instance> instances = new HashMap<>();
  private final List<TaskRecord> failedTasks = new ArrayList<>();
  private JobState state = REGISTERED;
  private JobState afterCleanup; // null unless CLEANING_UP
  private long endedNanos;
  private String failure; // null until the job failed or was cancelled

  /**
   * A REGISTERED job whose tasks are all WAITING; {@link #start} runs it, making the first ones
   * ready.
   */
  JobRecord(
      JobId id,
      ResourceGroupId resourceGroup,
      JobSpec spec,
      ReadyQueue readyQueue,
      long submittedNanos) {
    this.id = id;
    this.resourceGroup = resourceGroup;
    this.spec = spec;
    this.readyQueue = readyQueue;
    this.submittedNanos = submittedNanos;
    ImmutableList.Builder<TaskRecord> tasks = ImmutableList.builder();
    for (int i = 0; i < spec.tasks().size(); i++) {
      tasks.add(TaskRecord.graphTask(this, i));
    }
    graph = tasks.build();
    ImmutableSetMultimap.Builder<TaskRecord, TaskRecord> edges = ImmutableSetMultimap.builder();
    for (TaskRecord task : graph) {
      for (Input input : task.spec().orElseThrow().inputs()) {
        if (input instanceof OutputRef ref) {
          edges.put(graphTask(ref.task()), task);
        }
      }
    }
    consumers = edges.build();
    commit = spec.commit().map(c -> TaskRecord.commitTask(this, c));
    cleanup = spec.cleanup().map(c -> TaskRecord.cleanupTask(this, c));
  }

  JobId id() {
    return id;
  }

  JobSpec spec() {
    return spec;
  }

  /** The resource group the job was submitted under; assignments carry it. */
  ResourceGroupId resourceGroup() {
    return resourceGroup;
  }

  JobState state() {
    return state;
  }

  long submittedNanos() {
    return submittedNanos;
  }

  /** When the job ended; meaningful once it is terminal. */
  long endedNanos() {
    return endedNanos;
  }

  /** Why the job failed or was cancelled; empty while running and after success. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** The graph tasks in job order. */
  List<TaskRecord> graph() {
    return graph;
  }

  /** The graph task with this id in the job; the spec guarantees it exists. */
  TaskRecord graphTask(String taskName) {
    return graph.get(spec.indexOf(taskName));
  }

  /** The graph tasks, then the commit task, then the cleanup task (those the job has). */
  List<TaskRecord> allTasks() {
    List<TaskRecord> all = new ArrayList<>(graph);
    commit.ifPresent(all::add);
    cleanup.ifPresent(all::add);
    return all;
  }

  /** The task storage calls {@code taskId}, if the job has it. */
  Optional<TaskRecord> task(TaskId taskId) {
    if (taskId instanceof TaskId.Index index) {
      long i = index.index();
      return i >= 0 && i < graph.size() ? Optional.of(graph.get((int) i)) : Optional.empty();
    }
    return taskId instanceof TaskId.Commit ? commit : cleanup;
  }

  Optional<Instance> instance(TaskInstanceId instanceId) {
    return Optional.ofNullable(instances.get(instanceId));
  }

  /** Registers {@code instance} as a new attempt at its task, voiding the task's live attempt. */
  void register(TaskInstanceId instanceId, Instance instance, long nowNanos) {
    TaskRecord task = instance.task();
    if (task.liveInstance().isPresent()) {
      // Spider lets a retried registration create another instance; the first is never reported.
      task.voidAttempt("superseded by instance " + instanceId, nowNanos);
    }
    instances.put(instanceId, instance);
    task.register(instance);
  }

  // Transitions.

  /** REGISTERED to RUNNING: makes every graph task that waits for no other task ready. */
  void start() {
    moveTo(RUNNING);
    for (TaskRecord task : graph) {
      if (task.needsNoProducer()) {
        makeReady(task);
      }
    }
  }

  /** Makes a task ready and queues it for the scheduler. */
  void makeReady(TaskRecord task) {
    task.ready();
    readyQueue.add(task);
  }

  /** After {@code task} succeeded: its consumers may be ready, the job may move on. */
  void taskSucceeded(TaskRecord task, long nowNanos) {
    if (task.taskId() instanceof TaskId.Commit) {
      finish(SUCCEEDED, nowNanos);
    } else if (task.taskId() instanceof TaskId.Cleanup) {
      finish(afterCleanup, nowNanos);
    } else {
      for (TaskRecord consumer : consumers.get(task)) {
        if (consumer.producerSucceeded()) {
          makeReady(consumer);
        }
      }
      graphTaskEnded(nowNanos);
    }
  }

  /** After {@code task}'s attempt failed past its retry budget: fails it, then the job. */
  void taskFailed(TaskRecord task, long nowNanos) {
    task.fail();
    failedTasks.add(task);
    if (task.taskId() instanceof TaskId.Cleanup) {
      finish(afterCleanup, nowNanos);
    } else if (task.taskId() instanceof TaskId.Commit) {
      endJob(FAILED, failureMessage(), nowNanos);
    } else {
      skipDependents(task);
      if (spec.failurePolicy() == FailurePolicy.FAIL_FAST) {
        endJob(FAILED, failureMessage(), nowNanos);
      } else {
        graphTaskEnded(nowNanos);
      }
    }
  }

  /**
   * Cancels the job if it is registered, running or committing.
   *
   * @param why what its failure says, e.g. {@code "cancelled"}
   * @return false when it had ended or was already cleaning up, which this call does not change
   */
  boolean cancel(String why, long nowNanos) {
    if (state != REGISTERED && state != RUNNING && state != COMMITTING) {
      return false;
    }
    endJob(CANCELLED, why, nowNanos);
    return true;
  }

  /** Voids every running attempt of a job still going and makes its task ready again. */
  void voidRunningAttempts(String why, long nowNanos) {
    if (state.isTerminal()) {
      return;
    }
    for (TaskRecord task : allTasks()) {
      if (task.status() == TaskStatus.RUNNING) {
        task.voidAttempt(why, nowNanos);
        makeReady(task);
      }
    }
  }

  /**
   * Voids every live instance {@code em} registered for this job, and makes its task ready again:
   * the manager was declared dead. The attempt is not a failure, so no retry is charged.
   */
  void voidInstancesOf(ExecutionManagerId em, String why, long nowNanos) {
    for (TaskRecord task : allTasks()) {
      Optional<Instance> live = task.liveInstance();
      if (live.isPresent() && live.get().em().equals(em)) {
        task.voidAttempt(why, nowNanos);
        makeReady(task);
      }
    }
  }

  private static void skipDependents(TaskRecord failed) {
    ArrayDeque<TaskRecord> todo = new ArrayDeque<>(failed.job().consumers.get(failed));
    TaskRecord task;
    while ((task = todo.poll()) != null) {
      if (task.status() == TaskStatus.WAITING) {
        task.skip();
        todo.addAll(task.job().consumers.get(task));
      }
    }
  }

  /** After a graph task ended: the job moves on once no graph task can still change. */
  private void graphTaskEnded(long nowNanos) {
    if (state != RUNNING || !graph.stream().allMatch(t -> t.status().isTerminal())) {
      return;
    }
    if (!failedTasks.isEmpty()) {
      endJob(FAILED, failureMessage(), nowNanos);
    } else if (commit.isPresent()) {
      moveTo(COMMITTING);
      makeReady(commit.get());
    } else {
      finish(SUCCEEDED, nowNanos);
    }
  }

  /**
   * Ends a job that failed or was cancelled: stops its graph and commit tasks, then runs the
   * cleanup task if it has one.
   */
  private void endJob(JobState outcome, String why, long nowNanos) {
    failure = why;
    graph.forEach(task -> task.stop(nowNanos));
    commit.ifPresent(task -> task.stop(nowNanos));
    if (cleanup.isPresent()) {
      moveTo(CLEANING_UP);
      afterCleanup = outcome;
      makeReady(cleanup.get());
      log.debug("job {} cleaning up before ending {}: {}", id, outcome, why);
    } else {
      finish(outcome, nowNanos);
    }
  }

  private void finish(JobState outcome, long nowNanos) {
    moveTo(outcome);
    afterCleanup = null;
    endedNanos = nowNanos;
    for (TaskRecord task : allTasks()) {
      task.stop(nowNanos); // a termination task the job's end did not call for
    }
    log.debug("job {} '{}' ended {}", id, spec.name(), outcome);
  }

  private void moveTo(JobState next) {
    if (!NEXT.getOrDefault(state, ImmutableSet.of()).contains(next)) {
      throw new IllegalTransitionException("job " + id, state.name(), String.valueOf(next));
    }
    state = next;
  }

  private String failureMessage() {
    TaskRecord first = failedTasks.get(0);
    TaskFailure last = first.lastFailure().orElseThrow();
    String message =
        "task '"
            + first.name()
            + "' ("
            + first.function()
            + ") "
            + (last.failureClass() == FailureClass.DETERMINISTIC
                ? "failed deterministically (not retried)"
                : "failed after "
                    + first.attempts()
                    + (first.attempts() == 1 ? " attempt" : " attempts"))
            + ": "
            + last;
    int others = failedTasks.size() - 1;
    return others == 0
        ? message
        : message + "; " + others + " other task" + (others == 1 ? "" : "s") + " failed too";
  }
}
