package dev.spider.cli.embedded;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded cluster's state behind one lock, and the operations of its three clients and of
 * {@link EmbeddedCluster} on it. The clients are thin façades over this one; this one is a façade
 * over the records that hold the state: the jobs ({@link JobRecord}, {@link TaskRecord}, {@link
 * Instance}, which own the state flows), the {@link ReadyQueue}, the scheduler's {@link
 * Assignments}, and the registered managers and storage session ({@link Membership}). Outputs are
 * checked by {@link OutputCheck}, new instances get their context from {@link ExecutionContexts},
 * results are built from a {@link JobSnapshot}.
 *
 * <p><b>Locking.</b> Thread-safe. One {@link ReentrantLock} guards every mutable field here and in
 * every record of this package, none of which leaves the package; no other lock exists, so there is
 * no lock order to keep. Two conditions of it carry the waits, each bounded by the caller's timeout
 * and interruptible: {@code taskQueued} (inside the {@link ReadyQueue}), signalled whenever a task
 * becomes ready, on which {@link #nextTask} waits; and {@code jobChanged}, signalled after every
 * change to a job or task, on which {@link #awaitCompletion} waits. Nothing else blocks under the
 * lock and no foreign code runs under it. Results are snapshots copied under the lock and decoded
 * after it is released.
 *
 * <p><b>Size.</b> This class is over the project's 400-line guide on purpose: it is the one place
 * that takes the lock, so each of its ~30 operations is a short locked call into the records above;
 * splitting the façade would spread the lock across classes and make the lock discipline harder to
 * check, while every state flow already lives in its record.
 */
final class JobStore {

  private static final Logger log = LoggerFactory.getLogger(JobStore.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition jobChanged = lock.newCondition();

  // Everything below is guarded by lock.
  private final ReadyQueue readyQueue = new ReadyQueue(lock.newCondition());
  private final Map<JobId, JobRecord> jobs = new HashMap<>();
  private final Assignments assignments = new Assignments();
  private final Membership membership;
  private long lastJobId;
  private long lastInstanceId;

  /** An empty store; see {@link Membership} for the two seeds. */
  JobStore(SessionId firstSession, ExecutionManagerId firstManagerId) {
    membership = new Membership(firstSession, firstManagerId);
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs

  /** Registers a job and starts it at once, in the default resource group. */
  JobId submit(JobSpec spec) {
    lock.lock();
    try {
      JobRecord job = add(spec, Assignments.RESOURCE_GROUP);
      job.start();
      return job.id();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers a job without starting it: it waits, {@link JobState#REGISTERED}, for {@link #start}.
   */
  JobId register(JobSpec spec, ResourceGroupId resourceGroup) {
    return locked(() -> add(spec, resourceGroup).id());
  }

  private JobRecord add(JobSpec spec, ResourceGroupId resourceGroup) {
    JobRecord job =
        new JobRecord(new JobId(++lastJobId), resourceGroup, spec, readyQueue, System.nanoTime());
    jobs.put(job.id(), job);
    log.debug("job {} '{}' registered: {} task(s)", job.id(), spec.name(), job.graph().size());
    jobChanged.signalAll();
    return job;
  }

  /** Starts a registered job; see {@link EmbeddedCluster#start}. */
  void start(JobId jobId) throws JobStateException {
    lock.lock();
    try {
      JobRecord job = job(jobId);
      if (job.state() != JobState.REGISTERED) {
        throw new JobStateException(jobId, job.state(), EnumSet.of(JobState.REGISTERED), "start");
      }
      job.start();
      log.debug("job {} started", jobId);
      jobChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  JobState state(JobId jobId) {
    return locked(() -> job(jobId).state());
  }

  boolean hasJob(JobId jobId) {
    return locked(() -> jobs.containsKey(jobId));
  }

  boolean hasTask(JobId jobId, TaskId taskId) {
    return locked(() -> jobs.containsKey(jobId) && jobs.get(jobId).task(taskId).isPresent());
  }

  /** The outputs of a job that succeeded; see {@link EmbeddedCluster#serializedOutputs}. */
  byte[] serializedOutputs(JobId jobId) throws JobStateException {
    List<byte[]> payloads;
    lock.lock();
    try {
      JobRecord job = job(jobId);
      if (job.state() != JobState.SUCCEEDED) {
        throw new JobStateException(
            jobId, job.state(), EnumSet.of(JobState.SUCCEEDED), "get the outputs of");
      }
      payloads = ExecutionContexts.jobOutputs(job);
    } finally {
      lock.unlock();
    }
    return SerializedTaskOutputs.encode(payloads); // compressing can take a while: not locked
  }

  /** Why a job failed or was cancelled; see {@link EmbeddedCluster#error}. */
  String error(JobId jobId) throws JobStateException {
    lock.lock();
    try {
      JobRecord job = job(jobId);
      if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
        throw new JobStateException(
            jobId,
            job.state(),
            EnumSet.of(JobState.FAILED, JobState.CANCELLED),
            "get the error of");
      }
      return job.failure().orElseThrow();
    } finally {
      lock.unlock();
    }
  }

  boolean cancel(JobId jobId, String why) {
    lock.lock();
    try {
      boolean cancelled = job(jobId).cancel(why, System.nanoTime());
      jobChanged.signalAll();
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  Progress progress(JobId jobId) {
    lock.lock();
    try {
      return JobSnapshot.progress(job(jobId));
    } finally {
      lock.unlock();
    }
  }

  JobResult result(JobId jobId) {
    JobSnapshot snapshot;
    lock.lock();
    try {
      snapshot = JobSnapshot.of(job(jobId), System.nanoTime());
    } finally {
      lock.unlock();
    }
    return snapshot.toResult();
  }

  JobResult awaitCompletion(JobId jobId, Duration timeout) throws InterruptedException {
    long remaining = saturatedNanos(timeout);
    JobSnapshot snapshot;
    lock.lockInterruptibly();
    try {
      JobRecord job = job(jobId);
      while (!job.state().isTerminal() && remaining > 0) {
        remaining = jobChanged.awaitNanos(remaining);
      }
      snapshot = JobSnapshot.of(job, System.nanoTime());
    } finally {
      lock.unlock();
    }
    return snapshot.toResult();
  }

  /**
   * Starts a new storage session, as a storage restart or fail-over would: every attempt and
   * assignment of the old session is void, and the tasks they were for are ready again.
   */
  SessionId startNewSession() {
    lock.lock();
    try {
      SessionId old = membership.session();
      SessionId session = membership.startNewSession();
      assignments.clear();
      long now = System.nanoTime();
      for (JobRecord job : jobs.values()) {
        job.voidRunningAttempts("storage session " + old + " ended", now);
      }
      log.debug("storage session {} started", session);
      jobChanged.signalAll();
      return session;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Liveness

  Registration register() {
    lock.lock();
    try {
      return membership.register(System.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  SessionId livenessHeartbeat(ExecutionManagerId em)
      throws IllegalIdException, MarkedDeadException {
    lock.lock();
    try {
      return membership.heartbeat(em, System.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  SessionId session() {
    return locked(membership::session);
  }

  ManagerStatus managerStatus(ExecutionManagerId em) {
    return locked(() -> membership.status(em));
  }

  /** Notes a call from {@code em} that no other operation here notes; see {@link Membership}. */
  ManagerStatus heardFrom(ExecutionManagerId em) {
    return locked(() -> membership.heardFrom(em, System.nanoTime()));
  }

  /**
   * Declares dead every live manager silent for longer than {@code cutoff}, voids its task
   * instances and puts its tasks, and the assignments it has not acknowledged, back in the queue,
   * without charging a retry.
   *
   * @return the managers declared dead by this call
   */
  List<ExecutionManagerId> reapSilentManagers(Duration cutoff) {
    lock.lock();
    try {
      long now = System.nanoTime();
      List<ExecutionManagerId> dead = membership.reap(now, saturatedNanos(cutoff));
      for (ExecutionManagerId em : dead) {
        String why =
            "execution manager "
                + em
                + " was declared dead (silent for longer than the liveness cut-off of "
                + cutoff.toMillis()
                + " ms)";
        assignments.releaseAll(em);
        for (JobRecord job : jobs.values()) {
          job.voidInstancesOf(em, why, now);
        }
        log.info("{}; its tasks are queued again", why);
      }
      if (!dead.isEmpty()) {
        jobChanged.signalAll();
      }
      return dead;
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
    long remaining = saturatedNanos(maxWait);
    lock.lockInterruptibly();
    try {
      membership.requireManager("nextTask(em " + em + ")", em);
      if (previous.isPresent()) {
        assignments.acknowledge(previous.get());
        jobChanged.signalAll(); // it may have made a dropped task ready again
      }
      while (true) {
        // A dead manager gets nothing: it could never register what it got. It waits out its poll
        // like a live one that finds no task, so a client polling in a loop does not spin.
        Optional<TaskRecord> task =
            membership.heardFrom(em, System.nanoTime()) == ManagerStatus.DEAD
                ? Optional.empty()
                : readyQueue.poll();
        if (task.isPresent()) {
          TaskAssignment assignment = assignments.assign(task.get(), em, membership.session());
          jobChanged.signalAll();
          return Optional.of(assignment);
        }
        if (remaining <= 0) {
          return Optional.empty();
        }
        remaining = readyQueue.await(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  void schedulerHeartbeat(ExecutionManagerId em) throws ServerException {
    lock.lock();
    try {
      membership.requireManager("heartbeat(em " + em + ")", em);
      membership.heardFrom(em, System.nanoTime());
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
      consumed.forEach(assignments::acknowledge);
      assignments.releaseAll(em);
      jobChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Storage

  ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId em, SessionId requestSession)
      throws StaleSessionException, CacheStaleException, ServerException {
    String call =
        "registerTaskInstance(job %s, task %s, em %s, session %s)"
            .formatted(jobId, taskId, em, requestSession);
    lock.lock();
    try {
      membership.checkSession(call, requestSession);
      membership.requireManager(call, em);
      if (membership.heardFrom(em, System.nanoTime()) == ManagerStatus.DEAD) {
        throw new CacheStaleException(
            call + ": execution manager " + em + " was declared dead; its tasks went to others");
      }
      TaskRecord task = task(call, jobId, taskId);
      JobRecord job = task.job();
      if (job.state().isTerminal()) {
        throw new CacheStaleException(call + ": job " + jobId + " already ended " + job.state());
      }
      if (task.status() != TaskStatus.READY && task.status() != TaskStatus.RUNNING) {
        throw new CacheStaleException(call + ": the task is not runnable, it is " + task.status());
      }
      TaskInstanceId id = new TaskInstanceId(++lastInstanceId);
      long now = System.nanoTime();
      job.register(id, new Instance(task, em, now), now);
      jobChanged.signalAll();
      return ExecutionContexts.of(task, id);
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
      TaskRecord task = reportingTask(call, jobId, taskId, instanceId, em, requestSession);
      List<byte[]> payloads = OutputCheck.payloads(call, task, outputs);
      long now = System.nanoTime();
      task.succeed(payloads, now);
      log.debug("job {} task '{}' succeeded (instance {})", jobId, task.name(), instanceId);
      task.job().taskSucceeded(task, now);
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
      TaskRecord task = reportingTask(call, jobId, taskId, instanceId, em, requestSession);
      long now = System.nanoTime();
      boolean retry = task.attemptFailed(failure, now);
      log.debug(
          "job {} task '{}' attempt {} failed ({}); {}",
          jobId,
          task.name(),
          task.attempts(),
          failure,
          retry ? "retrying" : "giving up");
      if (retry) {
        task.job().makeReady(task);
      } else {
        task.job().taskFailed(task, now);
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
    return "%s(job %s, task %s, instance %s, em %s, session %s)"
        .formatted(operation, jobId, taskId, instanceId, em, requestSession);
  }

  /** The task a report is about, if storage still wants to hear from that instance of it. */
  private TaskRecord reportingTask(
      String call,
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId em,
      SessionId requestSession)
      throws StaleSessionException, CacheStaleException, ServerException {
    membership.checkSession(call, requestSession);
    membership.heardFrom(em, System.nanoTime());
    TaskRecord task = task(call, jobId, taskId);
    Optional<Instance> instance = task.job().instance(instanceId);
    if (instance.isEmpty() || instance.get().task() != task || !instance.get().em().equals(em)) {
      throw new ServerException(
          call + ": storage has no such instance of this task registered by this manager");
    }
    Optional<String> refusal = instance.get().refusal();
    if (refusal.isPresent()) {
      throw new CacheStaleException(call + ": the instance " + refusal.get());
    }
    return task;
  }

  private TaskRecord task(String call, JobId jobId, TaskId taskId) throws ServerException {
    JobRecord job = jobs.get(jobId);
    if (job == null) {
      throw new ServerException(call + ": no such job");
    }
    return job.task(taskId)
        .orElseThrow(() -> new ServerException(call + ": job " + jobId + " has no task " + taskId));
  }

  private JobRecord job(JobId jobId) {
    JobRecord job = jobs.get(jobId);
    if (job == null) {
      throw new IllegalArgumentException("no job " + jobId + " was submitted to this cluster");
    }
    return job;
  }

  /** The value of {@code read}, evaluated holding the lock; for short reads that cannot fail. */
  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /** A wait's length in nanoseconds, saturating: the longest is about 292 years, forever here. */
  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
