package dev.spider.cli.embedded;

import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.types.OutputDisplay;
import dev.spider.cli.types.TdlType;

import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded cluster's state: jobs, their tasks and task instances, the queue of ready tasks, the
 * scheduler's outstanding assignments, registered execution managers and the storage session. The
 * three embedded clients and {@link EmbeddedCluster} are thin façades over it.
 *
 * <p><b>Locking.</b> One {@link ReentrantLock} guards every mutable field here and in the nested
 * {@link Job}, {@link TaskRecord} and {@link Instance} objects, which never leave this class. Two
 * conditions of that lock carry the long polls: {@link #taskQueued}, signalled whenever a task
 * becomes ready (scheduler polls wait on it), and {@link #jobChanged}, signalled whenever a task or
 * job changes state ({@link #awaitCompletion} waits on it). Nothing blocks under the lock except
 * these bounded condition waits, and no foreign code runs under it. Results are snapshots copied
 * under the lock; their outputs are decoded after it is released (stored payloads are never
 * mutated, so sharing them is safe).
 */
final class JobStore {

  /** The one scheduler of the embedded cluster; assignments name it. */
  static final SchedulerId SCHEDULER_ID = new SchedulerId(1);

  /** The one resource group of the embedded cluster; every job belongs to it. */
  static final ResourceGroupId RESOURCE_GROUP = new ResourceGroupId(1);

  private static final Logger log = LoggerFactory.getLogger(JobStore.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition taskQueued = lock.newCondition();
  private final Condition jobChanged = lock.newCondition();

  // Everything below is guarded by lock.
  private final Map<JobId, Job> jobs = new HashMap<>();

  /** Tasks in the order they became ready; entries whose task left READY are skipped. */
  private final ArrayDeque<TaskRecord> readyQueue = new ArrayDeque<>();

  /** Assignments handed out and not acknowledged yet. */
  private final Map<AssignmentId, Outstanding> outstanding = new HashMap<>();

  private final Set<ExecutionManagerId> managers = new HashSet<>();
  private SessionId session = new SessionId(1);
  private long lastJobId;
  private long lastInstanceId;
  private long lastAssignmentId;
  private long lastManagerId;

  // ---------------------------------------------------------------------------------------------
  // Jobs

  JobId submit(JobSpec spec) {
    lock.lock();
    try {
      Job job = new Job(new JobId(++lastJobId), spec, System.nanoTime());
      jobs.put(job.id, job);
      for (TaskRecord task : job.graph) {
        if (task.pendingProducers == 0) {
          makeReady(task);
        }
      }
      log.debug("job {} '{}' submitted: {} task(s)", job.id, spec.name(), job.graph.size());
      jobChanged.signalAll();
      return job.id;
    } finally {
      lock.unlock();
    }
  }

  boolean cancel(JobId jobId) {
    lock.lock();
    try {
      Job job = job(jobId);
      if (job.state != JobState.RUNNING && job.state != JobState.COMMITTING) {
        return false; // ended, or already cleaning up after a failure or a cancel
      }
      endJob(job, JobState.CANCELLED, "cancelled");
      return true;
    } finally {
      lock.unlock();
    }
  }

  Progress progress(JobId jobId) {
    lock.lock();
    try {
      Job job = job(jobId);
      int done = 0;
      int running = 0;
      int failed = 0;
      int skipped = 0;
      for (TaskRecord task : job.graph) {
        switch (task.status) {
          case SUCCEEDED -> done++;
          case RUNNING -> running++;
          case FAILED -> failed++;
          case SKIPPED, CANCELLED -> skipped++;
          default -> {}
        }
      }
      return new Progress(job.state, done, running, failed, skipped, job.graph.size());
    } finally {
      lock.unlock();
    }
  }

  JobResult result(JobId jobId) {
    RawJob raw;
    lock.lock();
    try {
      raw = snapshot(job(jobId));
    } finally {
      lock.unlock();
    }
    return raw.decode();
  }

  JobResult awaitCompletion(JobId jobId, Duration timeout) throws InterruptedException {
    long remaining = nanos(timeout);
    RawJob raw;
    lock.lockInterruptibly();
    try {
      Job job = job(jobId);
      while (!job.state.isTerminal() && remaining > 0) {
        remaining = jobChanged.awaitNanos(remaining);
      }
      raw = snapshot(job);
    } finally {
      lock.unlock();
    }
    return raw.decode();
  }

  /**
   * Starts a new storage session, as a storage restart or fail-over would: every attempt and
   * assignment of the old session is void, and the tasks they were for are ready again.
   */
  SessionId startNewSession() {
    lock.lock();
    try {
      SessionId old = session;
      session = new SessionId(session.value() + 1);
      outstanding.clear(); // acknowledging an unknown assignment is a no-op
      for (Job job : jobs.values()) {
        if (job.state.isTerminal()) {
          continue;
        }
        for (TaskRecord task : job.allTasks()) {
          if (task.status == TaskStatus.RUNNING) {
            voidAttempt(task, "storage session " + old + " ended");
            makeReady(task);
          }
        }
      }
      log.debug("storage session {} started", session);
      jobChanged.signalAll();
      return session;
    } finally {
      lock.unlock();
    }
  }

  /** How many threads wait in {@link #nextTask}; lets tests see a poller is parked. */
  int pollersWaiting() {
    lock.lock();
    try {
      return lock.getWaitQueueLength(taskQueued);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Liveness

  Registration register() {
    lock.lock();
    try {
      ExecutionManagerId em = new ExecutionManagerId(++lastManagerId);
      managers.add(em);
      return new Registration(em, session);
    } finally {
      lock.unlock();
    }
  }

  SessionId livenessHeartbeat(ExecutionManagerId em) throws IllegalIdException {
    lock.lock();
    try {
      if (!managers.contains(em)) {
        throw new IllegalIdException(em, "never registered with this embedded cluster");
      }
      return session;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduler

  Optional<TaskAssignment> nextTask(
      ExecutionManagerId em, Optional<ConsumedAssignment> previous, Duration maxWait)
      throws ServerException, InterruptedException {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    long remaining = nanos(maxWait);
    lock.lockInterruptibly();
    try {
      requireManager("nextTask(em " + em + ")", em);
      previous.ifPresent(this::acknowledge);
      while (true) {
        TaskRecord task = pollReady();
        if (task != null) {
          return Optional.of(assign(task, em));
        }
        if (remaining <= 0) {
          return Optional.empty();
        }
        remaining = taskQueued.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  void schedulerHeartbeat(ExecutionManagerId em) throws ServerException {
    lock.lock();
    try {
      requireManager("heartbeat(em " + em + ")", em);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Acknowledges {@code consumed}, then puts back every task still assigned to {@code em} without
   * an instance, so another manager can take it.
   */
  void schedulerShutdown(ExecutionManagerId em, List<ConsumedAssignment> consumed) {
    lock.lock();
    try {
      consumed.forEach(this::acknowledge);
      for (Iterator<Map.Entry<AssignmentId, Outstanding>> it = outstanding.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<AssignmentId, Outstanding> entry = it.next();
        if (entry.getValue().em.equals(em)) {
          it.remove();
          requeueIfUnregistered(entry.getValue().task, entry.getKey());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void acknowledge(ConsumedAssignment consumed) {
    if (!consumed.schedulerId().equals(SCHEDULER_ID)) {
      log.debug("ignoring the acknowledgement of {}: not issued by this scheduler", consumed);
      return;
    }
    Outstanding assignment = outstanding.remove(consumed.id());
    if (assignment != null) {
      requeueIfUnregistered(assignment.task, consumed.id());
    }
  }

  /**
   * An assignment consumed without registering an instance was dropped: the task is ready again.
   */
  private void requeueIfUnregistered(TaskRecord task, AssignmentId assignment) {
    if (assignment.equals(task.assignment)
        && task.live == null
        && task.status == TaskStatus.RUNNING) {
      task.assignment = null;
      makeReady(task);
      jobChanged.signalAll();
    }
  }

  private TaskRecord pollReady() {
    TaskRecord task;
    while ((task = readyQueue.poll()) != null) {
      if (task.status == TaskStatus.READY) {
        return task;
      }
    }
    return null;
  }

  private TaskAssignment assign(TaskRecord task, ExecutionManagerId em) {
    AssignmentId id = new AssignmentId(++lastAssignmentId);
    task.status = TaskStatus.RUNNING;
    task.assignment = id;
    outstanding.put(id, new Outstanding(em, task));
    jobChanged.signalAll();
    return new TaskAssignment(id, RESOURCE_GROUP, task.job.id, task.taskId, session, SCHEDULER_ID);
  }

  // ---------------------------------------------------------------------------------------------
  // Storage

  ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId em, SessionId requestSession)
      throws StaleSessionException, CacheStaleException, ServerException {
    String call =
        "registerTaskInstance(job "
            + jobId
            + ", task "
            + taskId
            + ", em "
            + em
            + ", session "
            + requestSession
            + ")";
    lock.lock();
    try {
      checkSession(call, requestSession);
      requireManager(call, em);
      TaskRecord task = task(call, jobId, taskId);
      Job job = task.job;
      if (job.state.isTerminal()) {
        throw new CacheStaleException(call + ": job " + job.id + " already ended " + job.state);
      }
      if (task.status != TaskStatus.READY && task.status != TaskStatus.RUNNING) {
        throw new CacheStaleException(call + ": the task is not runnable, it is " + task.status);
      }
      TaskInstanceId id = new TaskInstanceId(++lastInstanceId);
      if (task.live != null) {
        // Spider lets a retried registration create another instance; the first is never reported.
        voidAttempt(task, "superseded by instance " + id);
      }
      Instance instance = new Instance(id, task, em, requestSession, System.nanoTime());
      job.instances.put(id, instance);
      task.live = instance;
      task.assignment = null;
      task.attempts++;
      task.status = TaskStatus.RUNNING;
      jobChanged.signalAll();
      return context(task, id);
    } finally {
      lock.unlock();
    }
  }

  void reportSuccess(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId em,
      SessionId requestSession,
      Optional<TaskOutputs> outputs)
      throws StaleSessionException, CacheStaleException, ServerException, InvalidInputException {
    String call = reportCall("reportTaskSuccess", jobId, taskId, instanceId, em, requestSession);
    lock.lock();
    try {
      Instance instance = reportableInstance(call, jobId, taskId, instanceId, em, requestSession);
      TaskRecord task = instance.task;
      List<byte[]> payloads = checkOutputs(call, task, outputs);
      endAttempt(instance, "succeeded");
      task.outputs = payloads;
      task.status = TaskStatus.SUCCEEDED;
      log.debug("job {} task '{}' succeeded (instance {})", jobId, task.name, instanceId);
      taskSucceeded(task);
      jobChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void reportFailure(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId em,
      SessionId requestSession,
      TaskFailure failure)
      throws StaleSessionException, CacheStaleException, ServerException {
    String call = reportCall("reportTaskFailure", jobId, taskId, instanceId, em, requestSession);
    lock.lock();
    try {
      Instance instance = reportableInstance(call, jobId, taskId, instanceId, em, requestSession);
      TaskRecord task = instance.task;
      endAttempt(instance, "failed");
      task.failures++;
      task.lastFailure = failure;
      boolean retry =
          failure.failureClass() == FailureClass.ENVIRONMENTAL
              && task.failures <= task.policy.maxRetries();
      log.debug(
          "job {} task '{}' attempt {} failed ({}); {}",
          jobId,
          task.name,
          task.attempts,
          failure,
          retry ? "retrying" : "giving up");
      if (retry) {
        makeReady(task);
      } else {
        taskFailed(task);
      }
      jobChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static String reportCall(
      String operation,
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId em,
      SessionId requestSession) {
    return operation
        + "(job "
        + jobId
        + ", task "
        + taskId
        + ", instance "
        + instanceId
        + ", em "
        + em
        + ", session "
        + requestSession
        + ")";
  }

  /** The instance a report is about, if storage still wants to hear from it. */
  private Instance reportableInstance(
      String call,
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId em,
      SessionId requestSession)
      throws StaleSessionException, CacheStaleException, ServerException {
    checkSession(call, requestSession);
    TaskRecord task = task(call, jobId, taskId);
    Instance instance = task.job.instances.get(instanceId);
    if (instance == null || instance.task != task || !instance.em.equals(em)) {
      throw new ServerException(
          call + ": storage has no such instance of this task registered by this manager");
    }
    if (instance.ended != null) {
      throw new CacheStaleException(call + ": the instance " + instance.ended);
    }
    return instance;
  }

  private void checkSession(String call, SessionId requestSession)
      throws StaleSessionException, ServerException {
    if (requestSession.isBefore(session)) {
      throw new StaleSessionException(call, requestSession, session);
    }
    if (session.isBefore(requestSession)) {
      throw new ServerException(
          call + ": session " + requestSession + " is unknown; storage is at session " + session);
    }
  }

  private void requireManager(String call, ExecutionManagerId em) throws ServerException {
    if (!managers.contains(em)) {
      throw new ServerException(
          call + ": execution manager " + em + " never registered (call LivenessClient.register)");
    }
  }

  private TaskRecord task(String call, JobId jobId, TaskId taskId) throws ServerException {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new ServerException(call + ": no such job");
    }
    TaskRecord task = job.task(taskId);
    if (task == null) {
      throw new ServerException(call + ": job " + jobId + " has no task " + taskId);
    }
    return task;
  }

  /** The payloads of a success report, or why storage refuses them. */
  private static List<byte[]> checkOutputs(
      String call, TaskRecord task, Optional<TaskOutputs> outputs) throws InvalidInputException {
    if (task.index < 0) {
      if (outputs.isPresent()) {
        throw new InvalidInputException(
            call + ": the " + task.name + " task reports no outputs (storage does not keep them)");
      }
      return List.of();
    }
    if (outputs.isEmpty()) {
      throw new InvalidInputException(
          call + ": graph task '" + task.name + "' must report outputs");
    }
    List<byte[]> payloads = outputs.get().payloads();
    Optional<List<TdlType>> declared = task.spec().outputTypes();
    if (declared.isPresent()) {
      List<TdlType> types = declared.get();
      if (payloads.size() != types.size()) {
        throw new InvalidInputException(
            call
                + ": task '"
                + task.name
                + "' declares "
                + types.size()
                + " output(s) "
                + types
                + " but returned "
                + payloads.size());
      }
      for (int i = 0; i < types.size(); i++) {
        try {
          types.get(i).decode(payloads.get(i));
        } catch (CodecException e) {
          throw new InvalidInputException(
              call
                  + ": output "
                  + i
                  + " of task '"
                  + task.name
                  + "' is not the declared "
                  + types.get(i)
                  + ": "
                  + e.getMessage());
        }
      }
    }
    for (Map.Entry<String, OutputRef> use : task.job.usesOf(task.name).entrySet()) {
      if (use.getValue().output() >= payloads.size()) {
        throw new InvalidInputException(
            call
                + ": task '"
                + task.name
                + "' returned "
                + payloads.size()
                + " output(s), but "
                + use.getKey()
                + " takes output "
                + use.getValue().output());
      }
    }
    return payloads;
  }

  private ExecutionContext context(TaskRecord task, TaskInstanceId id) {
    Job job = task.job;
    if (task.taskId instanceof TaskId.Commit) {
      return ExecutionContext.forCommit(
          job.id,
          id,
          task.function,
          task.policy.timeouts(),
          WireFormat.empty(),
          SerializedTaskOutputs.encode(job.outputs()));
    }
    if (task.taskId instanceof TaskId.Cleanup) {
      return ExecutionContext.of(
          job.id, task.taskId, id, task.function, task.policy.timeouts(), WireFormat.empty());
    }
    List<byte[]> inputs = new ArrayList<>();
    for (Input input : task.spec().inputs()) {
      if (input instanceof Literal literal) {
        inputs.add(literal.msgpack());
      } else {
        OutputRef ref = (OutputRef) input;
        inputs.add(job.graph.get(job.spec.indexOf(ref.task())).outputs.get(ref.output()));
      }
    }
    return ExecutionContext.of(
        job.id, task.taskId, id, task.function, task.policy.timeouts(), WireFormat.encode(inputs));
  }

  // ---------------------------------------------------------------------------------------------
  // State transitions; all under the lock.

  private void makeReady(TaskRecord task) {
    task.status = TaskStatus.READY;
    task.live = null;
    task.assignment = null;
    readyQueue.add(task);
    taskQueued.signalAll();
  }

  /** Ends an attempt on its own report. */
  private static void endAttempt(Instance instance, String how) {
    TaskRecord task = instance.task;
    task.runNanos += System.nanoTime() - instance.startNanos;
    instance.ended = "already reported: it " + how;
    task.live = null;
  }

  /** Ends the running attempt of a task without a report: whatever it reports later is refused. */
  private static void voidAttempt(TaskRecord task, String why) {
    Instance instance = task.live;
    if (instance != null) {
      task.runNanos += System.nanoTime() - instance.startNanos;
      instance.ended = "is void: " + why;
      task.live = null;
    }
    task.assignment = null;
  }

  private void taskSucceeded(TaskRecord task) {
    Job job = task.job;
    if (task.taskId instanceof TaskId.Commit) {
      finish(job, JobState.SUCCEEDED);
      return;
    }
    if (task.taskId instanceof TaskId.Cleanup) {
      finish(job, job.afterCleanup);
      return;
    }
    for (TaskRecord consumer : job.consumers.get(task.index)) {
      consumer.pendingProducers--;
      if (consumer.pendingProducers == 0 && consumer.status == TaskStatus.WAITING) {
        makeReady(consumer);
      }
    }
    graphTaskEnded(job);
  }

  private void taskFailed(TaskRecord task) {
    Job job = task.job;
    task.status = TaskStatus.FAILED;
    job.failedTasks.add(task);
    if (task.taskId instanceof TaskId.Cleanup) {
      finish(job, job.afterCleanup);
      return;
    }
    if (task.taskId instanceof TaskId.Commit) {
      endJob(job, JobState.FAILED, job.failureMessage());
      return;
    }
    skipDependents(task);
    if (job.spec.failurePolicy() == FailurePolicy.FAIL_FAST) {
      endJob(job, JobState.FAILED, job.failureMessage());
    } else {
      graphTaskEnded(job);
    }
  }

  private static void skipDependents(TaskRecord failed) {
    ArrayDeque<TaskRecord> todo = new ArrayDeque<>(failed.job.consumers.get(failed.index));
    TaskRecord task;
    while ((task = todo.poll()) != null) {
      if (task.status == TaskStatus.WAITING) {
        task.status = TaskStatus.SKIPPED;
        todo.addAll(task.job.consumers.get(task.index));
      }
    }
  }

  /** After a graph task ended: the job moves on once no graph task can still change. */
  private void graphTaskEnded(Job job) {
    if (job.state != JobState.RUNNING) {
      return;
    }
    for (TaskRecord task : job.graph) {
      if (!task.status.isTerminal()) {
        return;
      }
    }
    if (!job.failedTasks.isEmpty()) {
      endJob(job, JobState.FAILED, job.failureMessage());
    } else if (job.commit != null) {
      job.state = JobState.COMMITTING;
      makeReady(job.commit);
    } else {
      finish(job, JobState.SUCCEEDED);
    }
  }

  /**
   * Ends a job that failed or was cancelled: stops its graph and commit tasks, then runs the
   * cleanup task if it has one.
   */
  private void endJob(Job job, JobState outcome, String why) {
    job.failure = why;
    for (TaskRecord task : job.graph) {
      stop(task);
    }
    if (job.commit != null) {
      stop(job.commit);
    }
    if (job.cleanup != null) {
      job.state = JobState.CLEANING_UP;
      job.afterCleanup = outcome;
      makeReady(job.cleanup);
      log.debug("job {} cleaning up before ending {}: {}", job.id, outcome, why);
    } else {
      finish(job, outcome);
    }
  }

  private static void stop(TaskRecord task) {
    if (task.status == TaskStatus.RUNNING) {
      voidAttempt(task, "job " + task.job.id + " ended");
      task.status = TaskStatus.CANCELLED;
    } else if (task.status == TaskStatus.WAITING || task.status == TaskStatus.READY) {
      task.status = TaskStatus.SKIPPED;
    }
  }

  private void finish(Job job, JobState state) {
    job.state = state;
    job.endedNanos = System.nanoTime();
    for (TaskRecord task : job.allTasks()) {
      stop(task); // a termination task the job's end did not call for
    }
    log.debug("job {} '{}' ended {}", job.id, job.spec.name(), state);
    jobChanged.signalAll();
  }

  private Job job(JobId jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new IllegalArgumentException("no job " + jobId + " was submitted to this cluster");
    }
    return job;
  }

  private static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // about 292 years: forever
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshots

  private static RawJob snapshot(Job job) {
    long now = System.nanoTime();
    List<RawTask> tasks = new ArrayList<>();
    for (TaskRecord task : job.allTasks()) {
      long run = task.runNanos + (task.live == null ? 0 : now - task.live.startNanos);
      tasks.add(
          new RawTask(
              task.name,
              task.taskId,
              task.function,
              task.status,
              task.attempts,
              Duration.ofNanos(run),
              task.status == TaskStatus.SUCCEEDED && task.index >= 0
                  ? Optional.of(task.outputs)
                  : Optional.empty(),
              task.index >= 0 ? task.spec().outputTypes() : Optional.empty(),
              Optional.ofNullable(task.lastFailure)));
    }
    long end = job.state.isTerminal() ? job.endedNanos : now;
    return new RawJob(
        job.id,
        job.spec.name(),
        job.state,
        Duration.ofNanos(end - job.submittedNanos),
        Optional.ofNullable(job.failure),
        tasks);
  }

  /** A job copied under the lock, its outputs not decoded yet. */
  private record RawJob(
      JobId id,
      String name,
      JobState state,
      Duration wallTime,
      Optional<String> failure,
      List<RawTask> tasks) {

    JobResult decode() {
      List<TaskSummary> summaries = new ArrayList<>();
      for (RawTask task : tasks) {
        summaries.add(task.decode());
      }
      return new JobResult(id, name, state, wallTime, failure, summaries);
    }
  }

  private record RawTask(
      String name,
      TaskId taskId,
      TaskFunction function,
      TaskStatus status,
      int attempts,
      Duration wallTime,
      Optional<List<byte[]>> outputs,
      Optional<List<TdlType>> outputTypes,
      Optional<TaskFailure> lastFailure) {

    TaskSummary decode() {
      return new TaskSummary(
          name,
          taskId,
          function,
          status,
          attempts,
          wallTime,
          outputs.map(payloads -> OutputDisplay.decode(payloads, outputTypes)),
          lastFailure);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The records the lock guards.

  private record Outstanding(ExecutionManagerId em, TaskRecord task) {}

  /** One job; guarded by the store's lock. */
  private static final class Job {
    final JobId id;
    final JobSpec spec;
    final long submittedNanos;
    final List<TaskRecord> graph = new ArrayList<>();
    final TaskRecord commit;
    final TaskRecord cleanup;

    /** Per graph task, the distinct tasks taking an input from it. */
    final List<Set<TaskRecord>> consumers = new ArrayList<>();

    final Map<TaskInstanceId, Instance> instances = new HashMap<>();
    final List<TaskRecord> failedTasks = new ArrayList<>();
    JobState state = JobState.RUNNING;

    /** The state the job ends in once its cleanup task is done. */
    JobState afterCleanup;

    long endedNanos;
    String failure;

    Job(JobId id, JobSpec spec, long submittedNanos) {
      this.id = id;
      this.spec = spec;
      this.submittedNanos = submittedNanos;
      List<TaskSpec> tasks = spec.tasks();
      for (int i = 0; i < tasks.size(); i++) {
        TaskSpec task = tasks.get(i);
        graph.add(
            new TaskRecord(this, TaskId.index(i), i, task.id(), task.function(), task.policy()));
        consumers.add(new LinkedHashSet<>());
      }
      for (TaskRecord task : graph) {
        Set<TaskRecord> producers = new HashSet<>();
        for (Input input : task.spec().inputs()) {
          if (input instanceof OutputRef ref) {
            TaskRecord producer = graph.get(spec.indexOf(ref.task()));
            producers.add(producer);
            consumers.get(producer.index).add(task);
          }
        }
        task.pendingProducers = producers.size();
      }
      commit =
          spec.commit()
              .map(
                  c ->
                      new TaskRecord(
                          this, TaskId.COMMIT, -1, JobSpec.COMMIT_NAME, c.function(), c.policy()))
              .orElse(null);
      cleanup =
          spec.cleanup()
              .map(
                  c ->
                      new TaskRecord(
                          this, TaskId.CLEANUP, -1, JobSpec.CLEANUP_NAME, c.function(), c.policy()))
              .orElse(null);
    }

    TaskRecord task(TaskId taskId) {
      if (taskId instanceof TaskId.Index index) {
        long i = index.index();
        return i >= 0 && i < graph.size() ? graph.get((int) i) : null;
      }
      return taskId instanceof TaskId.Commit ? commit : cleanup;
    }

    List<TaskRecord> allTasks() {
      List<TaskRecord> all = new ArrayList<>(graph);
      if (commit != null) {
        all.add(commit);
      }
      if (cleanup != null) {
        all.add(cleanup);
      }
      return all;
    }

    /** Where the outputs of task {@code producer} are used: a description, and the reference. */
    Map<String, OutputRef> usesOf(String producer) {
      Map<String, OutputRef> uses = new LinkedHashMap<>();
      for (TaskSpec task : spec.tasks()) {
        for (int j = 0; j < task.inputs().size(); j++) {
          if (task.inputs().get(j) instanceof OutputRef ref && ref.task().equals(producer)) {
            uses.put("input " + j + " of task '" + task.id() + "'", ref);
          }
        }
      }
      List<OutputRef> outputs = spec.jobOutputs().orElse(List.of());
      for (int k = 0; k < outputs.size(); k++) {
        if (outputs.get(k).task().equals(producer)) {
          uses.put("job output " + k, outputs.get(k));
        }
      }
      return uses;
    }

    /** The job's outputs for the commit task; see {@link JobSpec}. */
    List<byte[]> outputs() {
      List<byte[]> payloads = new ArrayList<>();
      if (spec.jobOutputs().isPresent()) {
        for (OutputRef ref : spec.jobOutputs().get()) {
          payloads.add(graph.get(spec.indexOf(ref.task())).outputs.get(ref.output()));
        }
      } else {
        for (String taskId : spec.outputTasks()) {
          payloads.addAll(graph.get(spec.indexOf(taskId)).outputs);
        }
      }
      return payloads;
    }

    String failureMessage() {
      TaskRecord first = failedTasks.get(0);
      String message =
          "task '"
              + first.name
              + "' ("
              + first.function
              + ") "
              + (first.lastFailure.failureClass() == FailureClass.DETERMINISTIC
                  ? "failed deterministically (not retried)"
                  : "failed after "
                      + first.attempts
                      + (first.attempts == 1 ? " attempt" : " attempts"))
              + ": "
              + first.lastFailure;
      int others = failedTasks.size() - 1;
      return others == 0
          ? message
          : message + "; " + others + " other task" + (others == 1 ? "" : "s") + " failed too";
    }
  }

  /** One task of a job; guarded by the store's lock. */
  private static final class TaskRecord {
    final Job job;
    final TaskId taskId;

    /** Position in the graph, or -1 for the commit and cleanup tasks. */
    final int index;

    final String name;
    final TaskFunction function;
    final ExecutionPolicy policy;
    TaskStatus status = TaskStatus.WAITING;
    int pendingProducers;
    int attempts;
    int failures;
    long runNanos;

    /** The attempt running now, if registered. */
    Instance live;

    /** The assignment handed out for this task and not yet turned into an instance. */
    AssignmentId assignment;

    List<byte[]> outputs;
    TaskFailure lastFailure;

    TaskRecord(
        Job job,
        TaskId taskId,
        int index,
        String name,
        TaskFunction function,
        ExecutionPolicy policy) {
      this.job = job;
      this.taskId = taskId;
      this.index = index;
      this.name = name;
      this.function = function;
      this.policy = policy;
    }

    TaskSpec spec() {
      return job.spec.tasks().get(index);
    }
  }

  /** One attempt at a task; guarded by the store's lock. */
  private static final class Instance {
    final TaskInstanceId id;
    final TaskRecord task;
    final ExecutionManagerId em;
    final SessionId session;
    final long startNanos;

    /** Why storage no longer takes reports for it; null while it may report. */
    String ended;

    Instance(
        TaskInstanceId id,
        TaskRecord task,
        ExecutionManagerId em,
        SessionId session,
        long startNanos) {
      this.id = id;
      this.task = task;
      this.em = em;
      this.session = session;
      this.startNanos = startNanos;
    }
  }
}
