package dev.spider.cli.embedded;

import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StorageClient;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A single-node Spider cluster inside this JVM: an in-memory job store behind in-process {@link
 * SchedulerClient}, {@link StorageClient} and {@link LivenessClient} implementations, so an
 * execution manager's runtime can run jobs with no other service. Submit a {@link JobSpec}, point a
 * runtime at the three clients, and wait for the {@link JobResult}:
 *
 * <pre>{@code
 * EmbeddedCluster cluster = new EmbeddedCluster();
 * JobId job = cluster.submit(JobFiles.parse(Path.of("fanout.json")));
 * // start a runtime over cluster.schedulerClient(), storageClient(), livenessClient()
 * JobResult result = cluster.awaitCompletion(job, Duration.ofMinutes(5));
 * }</pre>
 *
 * <p><b>Semantics.</b> A graph task is ready once every task it takes an input from has succeeded;
 * the scheduler hands ready tasks out oldest-ready first. A failed attempt reported {@code
 * ENVIRONMENTAL} is retried while the task's {@link ExecutionPolicy#maxRetries()} allows; a {@code
 * DETERMINISTIC} one fails the task at once. Once every graph task has succeeded the commit task
 * runs with the job's outputs (see {@link JobSpec}), and the job succeeds when it does; when a task
 * fails for good (the commit task included) or the job is cancelled, the cleanup task runs and the
 * job ends {@link JobState#FAILED} or {@link JobState#CANCELLED}. The state flows are on {@link
 * JobState} and {@link TaskStatus}; the clients' exact answers on {@link EmbeddedScheduler}, {@link
 * EmbeddedStorage} and {@link EmbeddedLiveness}.
 *
 * <p><b>Served as Spider's services.</b> {@code spider head} (package {@code dev.spider.cli.head})
 * serves one cluster as Spider's storage and scheduler over gRPC. It registers jobs under resource
 * groups without starting them ({@link #register}, {@link #start}), asks for their outputs and
 * errors ({@link #serializedOutputs}, {@link #error}), and declares silent managers dead ({@link
 * #reapSilentManagers}); the checks it makes before calling the clients use the lookups ({@link
 * #hasJob}, {@link #hasTask}, {@link #managerStatus}), which stay true once true: jobs, tasks and
 * manager ids are never forgotten, and a dead manager stays dead.
 *
 * <p><b>Threads.</b> Thread-safe. All state sits behind one lock (see {@link JobStore}); long polls
 * and {@link #awaitCompletion} wait on conditions of it, so they wake as soon as a task becomes
 * ready or a job changes, and never sleep or spin. The cluster starts no threads and holds nothing
 * to close. Results are immutable snapshots.
 */
public final class EmbeddedCluster {

  private final JobStore store;
  private final EmbeddedScheduler scheduler;
  private final EmbeddedStorage storage;
  private final EmbeddedLiveness liveness;

  /** An empty cluster at storage session 1, whose first execution manager gets id 1. */
  public EmbeddedCluster() {
    this(new SessionId(1), new ExecutionManagerId(1));
  }

  /**
   * An empty cluster at storage session {@code firstSession}, whose execution managers get ids
   * {@code firstManagerId}, {@code firstManagerId + 1}, ... For a cluster served across restarts
   * ({@code spider head}): seeded from the start time, a restart's session is later than the last
   * one's and its manager ids are new, so a manager that outlived the restart is told its session
   * is stale and its id unknown, instead of sharing an id with a new manager.
   *
   * @throws IllegalArgumentException when either is not positive
   */
  public EmbeddedCluster(SessionId firstSession, ExecutionManagerId firstManagerId) {
    store =
        new JobStore(
            Objects.requireNonNull(firstSession, "firstSession"),
            Objects.requireNonNull(firstManagerId, "firstManagerId"));
    scheduler = new EmbeddedScheduler(store);
    storage = new EmbeddedStorage(store);
    liveness = new EmbeddedLiveness(store);
  }

  /**
   * The scheduler of this cluster: a {@link SchedulerClient} whose methods declare only the
   * exceptions it throws.
   */
  public EmbeddedScheduler schedulerClient() {
    return scheduler;
  }

  /**
   * The storage of this cluster: a {@link StorageClient} whose methods declare only the exceptions
   * it throws.
   */
  public EmbeddedStorage storageClient() {
    return storage;
  }

  /**
   * The liveness endpoint of this cluster: a {@link LivenessClient} whose methods declare only the
   * exceptions it throws.
   */
  public EmbeddedLiveness livenessClient() {
    return liveness;
  }

  /**
   * Adds a job and starts it; its tasks without references to other tasks are ready at once. Its
   * assignments carry resource group 1.
   */
  public JobId submit(JobSpec spec) {
    return store.submit(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Adds a job without starting it: it stays {@link JobState#REGISTERED} until {@link #start}, or
   * until it is cancelled.
   *
   * @param resourceGroup the resource group its assignments carry
   */
  public JobId register(JobSpec spec, ResourceGroupId resourceGroup) {
    return store.register(
        Objects.requireNonNull(spec, "spec"),
        Objects.requireNonNull(resourceGroup, "resourceGroup"));
  }

  /**
   * Starts a {@linkplain #register registered} job: its tasks without references to other tasks are
   * ready at once.
   *
   * @throws JobStateException when the job is not {@link JobState#REGISTERED}
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public void start(JobId jobId) throws JobStateException {
    store.start(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Where the job is now.
   *
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public JobState state(JobId jobId) {
    return store.state(Objects.requireNonNull(jobId, "jobId"));
  }

  /** Whether the job was submitted to this cluster. */
  public boolean hasJob(JobId jobId) {
    return store.hasJob(Objects.requireNonNull(jobId, "jobId"));
  }

  /** Whether the job was submitted to this cluster and has this task. */
  public boolean hasTask(JobId jobId, TaskId taskId) {
    return store.hasTask(
        Objects.requireNonNull(jobId, "jobId"), Objects.requireNonNull(taskId, "taskId"));
  }

  /**
   * The outputs of a job that succeeded, as Spider's storage answers {@code GetJobOutputs}: a
   * serialized task outputs buffer (option byte 0 and the wire format, or 1 and zstd of it above 1
   * KiB) of the job's outputs as {@link JobSpec} defines them. A job without outputs answers the
   * option byte 0 and a wire buffer of count 0.
   *
   * @throws JobStateException when the job has not {@link JobState#SUCCEEDED}
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public byte[] serializedOutputs(JobId jobId) throws JobStateException {
    return store.serializedOutputs(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Why a job failed or was cancelled, as {@link JobResult#failure()} says it.
   *
   * @throws JobStateException when the job is neither {@link JobState#FAILED} nor {@link
   *     JobState#CANCELLED}
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public String error(JobId jobId) throws JobStateException {
    return store.error(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * How far the job's graph tasks are.
   *
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public Progress progress(JobId jobId) {
    return store.progress(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * The job as it stands now, without waiting.
   *
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public JobResult result(JobId jobId) {
    return store.result(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Waits until the job ends or {@code timeout} passes, then returns it as it stands: check {@code
   * state().isTerminal()} to tell which. A zero timeout does not wait.
   *
   * @throws IllegalArgumentException for a job not submitted to this cluster
   * @throws InterruptedException the calling thread was interrupted while waiting
   */
  public JobResult awaitCompletion(JobId jobId, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(timeout, "timeout");
    return store.awaitCompletion(jobId, timeout);
  }

  /**
   * Cancels a job that is registered, running or committing: tasks not started are skipped, running
   * ones are cancelled (their reports are refused with {@code CacheStaleException}), then the
   * cleanup task runs if there is one and the job ends {@link JobState#CANCELLED}.
   *
   * @return whether this call cancelled the job; false when it had already ended or was already
   *     cleaning up (after a failure, or an earlier cancel), which this call does not change
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public boolean cancel(JobId jobId) {
    return cancel(jobId, "cancelled");
  }

  /**
   * {@link #cancel(JobId)}, saying why: the job's {@linkplain #error error} and {@link
   * JobResult#failure()} are {@code why}, e.g. {@code "cancelled by SIGINT"}.
   */
  public boolean cancel(JobId jobId, String why) {
    return store.cancel(Objects.requireNonNull(jobId, "jobId"), Objects.requireNonNull(why, "why"));
  }

  /**
   * Starts a new storage session, as a storage restart or fail-over would: every running attempt
   * and every outstanding assignment of the old session is void (storage answers reports about them
   * with {@code StaleSessionException}) and their tasks are ready again, to be assigned in the new
   * session; heartbeats return the new session from now on. For testing a runtime's handling of
   * session changes.
   *
   * @return the new session
   */
  public SessionId startNewSession() {
    return store.startNewSession();
  }

  /** The current storage session. */
  public SessionId session() {
    return store.session();
  }

  /** Where the execution manager stands, without counting this as hearing from it. */
  public ManagerStatus managerStatus(ExecutionManagerId em) {
    return store.managerStatus(Objects.requireNonNull(em, "em"));
  }

  /**
   * Notes a call from {@code em} the clients do not see, such as a scheduler heartbeat the caller
   * answers itself: a live manager's silence starts again now.
   *
   * @return where it stands; an unknown or dead manager is not revived
   */
  public ManagerStatus heardFrom(ExecutionManagerId em) {
    return store.heardFrom(Objects.requireNonNull(em, "em"));
  }

  /**
   * Declares dead every live execution manager not heard from for longer than {@code cutoff}: any
   * call with its id counts (registration, either heartbeat, a poll, a task-instance call). A dead
   * manager's running task instances are void (their reports are refused as stale), and its tasks,
   * with the assignments it was handed but never acknowledged, are ready again, without charging a
   * retry; its liveness heartbeats are refused with {@code MarkedDeadException} and it gets no more
   * tasks. A cluster never asked to reap keeps every manager alive.
   *
   * @return the managers this call declared dead, in id order
   * @throws IllegalArgumentException when {@code cutoff} is not positive
   */
  public List<ExecutionManagerId> reapSilentManagers(Duration cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    if (cutoff.isZero() || cutoff.isNegative()) {
      throw new IllegalArgumentException("the liveness cut-off must be positive, got " + cutoff);
    }
    return store.reapSilentManagers(cutoff);
  }
}
