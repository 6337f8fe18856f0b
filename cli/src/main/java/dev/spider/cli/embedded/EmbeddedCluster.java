package dev.spider.cli.embedded;

import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StorageClient;
import java.time.Duration;
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
 * <p><b>Threads.</b> Thread-safe. All state sits behind one lock (see {@link JobStore}); long polls
 * and {@link #awaitCompletion} wait on conditions of it, so they wake as soon as a task becomes
 * ready or a job changes, and never sleep or spin. The cluster starts no threads and holds nothing
 * to close. Results are immutable snapshots.
 */
public final class EmbeddedCluster {

  private final JobStore store = new JobStore();
  private final SchedulerClient scheduler = new EmbeddedScheduler(store);
  private final StorageClient storage = new EmbeddedStorage(store);
  private final LivenessClient liveness = new EmbeddedLiveness(store);

  /** An empty cluster at storage session 1. */
  public EmbeddedCluster() {}

  /** The scheduler of this cluster. */
  public SchedulerClient schedulerClient() {
    return scheduler;
  }

  /** The storage of this cluster. */
  public StorageClient storageClient() {
    return storage;
  }

  /** The liveness endpoint of this cluster. */
  public LivenessClient livenessClient() {
    return liveness;
  }

  /** Adds a job; its tasks without references to other tasks are ready at once. */
  public JobId submit(JobSpec spec) {
    return store.submit(Objects.requireNonNull(spec, "spec"));
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
   * Cancels a job that is running or committing: tasks not started are skipped, running ones are
   * cancelled (their reports are refused with {@code CacheStaleException}), then the cleanup task
   * runs if there is one and the job ends {@link JobState#CANCELLED}.
   *
   * @return whether this call cancelled the job; false when it had already ended or was already
   *     cleaning up (after a failure, or an earlier cancel), which this call does not change
   * @throws IllegalArgumentException for a job not submitted to this cluster
   */
  public boolean cancel(JobId jobId) {
    return store.cancel(Objects.requireNonNull(jobId, "jobId"));
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
}
