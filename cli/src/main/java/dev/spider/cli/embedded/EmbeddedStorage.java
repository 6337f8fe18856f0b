package dev.spider.cli.embedded;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.TaskId;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded storage. Its answers, checked in this order:
 *
 * <ol>
 *   <li>a session older than the cluster's → {@link StaleSessionException}; a newer one (never
 *       issued) → {@link ServerException};
 *   <li>an unregistered manager, an unknown job, task or instance, or an instance registered by
 *       another manager → {@link ServerException} (a bug of the caller);
 *   <li>registering a task that is not runnable (waiting for inputs or for its job to start, ended,
 *       its job ended), or registering for a manager declared dead → {@link CacheStaleException};
 *   <li>reporting an instance that already reported, or whose attempt is void (its job ended, a
 *       later registration superseded it, a new session started, its manager was declared dead) →
 *       {@link CacheStaleException};
 *   <li>a success report with outputs for the commit or cleanup task, without outputs for a graph
 *       task, with a count or value not matching the task's declared output types, with a count not
 *       matching its declared descriptors, or with fewer outputs than another task or the job's
 *       outputs take from it → {@link InvalidInputException}; the instance stays open for the
 *       {@code reportTaskFailure} the caller then sends.
 * </ol>
 *
 * <p>Registering a task that already has a running instance supersedes that instance, as a retried
 * registration does in Spider. A failure report ends the attempt: an {@code ENVIRONMENTAL} failure
 * within the task's retry budget makes the task ready again; a {@code DETERMINISTIC} one, or one
 * past the budget, fails it for good. It never throws {@code TransportException}. Thread-safe (see
 * {@link JobStore}).
 */
public final class EmbeddedStorage implements StorageClient {

  private final JobStore store;

  EmbeddedStorage(JobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId emId, SessionId sessionId)
      throws StaleSessionException, CacheStaleException, ServerException {
    return store.registerTaskInstance(
        Objects.requireNonNull(jobId, "jobId"),
        Objects.requireNonNull(taskId, "taskId"),
        Objects.requireNonNull(emId, "emId"),
        Objects.requireNonNull(sessionId, "sessionId"));
  }

  @Override
  public void reportTaskSuccess(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      Optional<TaskOutputs> outputs)
      throws StaleSessionException, CacheStaleException, ServerException, InvalidInputException {
    store.reportSuccess(
        Objects.requireNonNull(jobId, "jobId"),
        Objects.requireNonNull(taskId, "taskId"),
        Objects.requireNonNull(taskInstanceId, "taskInstanceId"),
        Objects.requireNonNull(emId, "emId"),
        Objects.requireNonNull(sessionId, "sessionId"),
        Objects.requireNonNull(outputs, "outputs"));
  }

  @Override
  public void reportTaskFailure(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      TaskFailure failure)
      throws StaleSessionException, CacheStaleException, ServerException {
    store.reportFailure(
        Objects.requireNonNull(jobId, "jobId"),
        Objects.requireNonNull(taskId, "taskId"),
        Objects.requireNonNull(taskInstanceId, "taskInstanceId"),
        Objects.requireNonNull(emId, "emId"),
        Objects.requireNonNull(sessionId, "sessionId"),
        Objects.requireNonNull(failure, "failure"));
  }
}
