package dev.spider.manager.client;

import dev.spider.tdl.TaskId;
import java.util.Optional;

/**
 * The execution manager's view of storage's task-instance API: register an attempt at a task and
 * get what is needed to run it, then report how it ended. Mirrors Spider's {@code StorageClient}
 * (spider-execution-manager, {@code client/storage.rs}).
 *
 * <p><b>Sessions.</b> Every call carries the storage session of the {@link TaskAssignment} it is
 * about ({@link TaskAssignment#sessionId()}), pinned for the whole attempt. Storage refuses work
 * from an older session with {@link StaleSessionException}.
 *
 * <p><b>Messages.</b> Implementations name the operation and the IDs it was called with in every
 * exception message, e.g. {@code "reportTaskSuccess(job 7, task Index(3), instance 9, em 2, session
 * 5): connection refused"}.
 *
 * <p><b>Threads.</b> Implementations are thread-safe: the runtime loop registers while reports of
 * earlier tasks are sent from other threads. Each call is bounded by the implementation's request
 * timeout (a {@link TransportException} when it passes).
 */
public interface StorageClient {

  /**
   * Registers a new instance (attempt) of a task and returns its execution context. Call it for
   * each {@link TaskAssignment} before running the task. On success, {@link StaleSessionException}
   * and {@link CacheStaleException} the assignment is then consumed and is acknowledged to the
   * scheduler ({@link TaskAssignment#consumed()}); after any other error it is not acknowledged, so
   * the scheduler hands it out again.
   *
   * <p><b>Never retry blindly.</b> Storage lets a task have a limited number of instances at once
   * (one by default). A registration that reached storage but whose reply was lost holds that slot
   * until this execution manager is declared dead; a retry is then refused as {@link
   * CacheStaleException}, and acknowledging that would leave the task wedged behind an instance
   * nobody runs (docs/cluster.md). So retry only a {@link TransportException} whose {@linkplain
   * TransportException#arrival() arrival} is {@link TransportException.Arrival#NOT_SENT}; after any
   * other, stop the runtime as Spider's does.
   *
   * @param jobId the job, from the assignment
   * @param taskId the task, from the assignment
   * @param emId this execution manager
   * @param sessionId the session of the assignment
   * @return what to run, with the task-graph outputs exactly when {@code taskId} is the commit task
   * @throws StaleSessionException {@code sessionId} is older than storage's session. Refresh the
   *     session through {@link LivenessClient#heartbeat}, drop the task without running it, and
   *     acknowledge the assignment.
   * @throws CacheStaleException the job or task is no longer runnable (already ended, cancelled).
   *     Drop the task without running it and acknowledge the assignment; no refresh is needed.
   * @throws TransportException storage is unreachable or the request timed out. If its {@link
   *     TransportException#arrival() arrival} is {@link TransportException.Arrival#NOT_SENT}, the
   *     request never reached storage: back off and call again with the same arguments. Otherwise
   *     the registration may have taken effect, and its instance holds the task's slot until this
   *     execution manager's id dies, which never happens while it heartbeats: do not call again for
   *     this assignment, do not acknowledge it, and stop the runtime with an error naming the job
   *     and task, as Spider's runtime does. The id then goes silent, storage reaps the instance and
   *     the scheduler hands the task out again.
   * @throws ServerException storage failed, or returned an unusable context. Do not run the task
   *     and do not retry: leave the assignment unacknowledged and stop the runtime, as Spider's
   *     runtime does.
   * @throws InterruptedException the calling thread was interrupted: the runtime is shutting down.
   *     Do not run the task.
   */
  ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId emId, SessionId sessionId)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InterruptedException;

  /**
   * Reports that a task instance ran to completion, with its outputs.
   *
   * @param jobId the job
   * @param taskId the task
   * @param taskInstanceId the instance from {@link ExecutionContext#taskInstanceId()}
   * @param emId this execution manager
   * @param sessionId the session of the assignment (not a newer one learned since)
   * @param outputs the task's outputs: present for a graph task ({@link TaskId.Index}), empty for
   *     the commit and cleanup tasks, whose outputs storage does not keep. {@link
   *     TaskOutputs#forReport} picks the right one from the executor's result.
   * @throws StaleSessionException the attempt belongs to an old session and storage discarded it.
   *     Refresh the session through {@link LivenessClient#heartbeat} and drop the report; do not
   *     retry (the task is rescheduled in the new session).
   * @throws CacheStaleException the job or task already ended (cancelled, finished elsewhere, or
   *     this instance already reported). Drop the report.
   * @throws TransportException storage is unreachable or the request timed out; the report may or
   *     may not have arrived. Back off and send the same report again. Implementations answer a
   *     report of an instance that has already reported with {@link CacheStaleException}, so a
   *     retry of a report that did arrive ends the retrying.
   * @throws ServerException storage failed. Log it as an error and drop the report (Spider's
   *     runtime does); storage's own timeout for the instance takes over.
   * @throws InvalidInputException {@code outputs} is present for the commit or cleanup task,
   *     missing for a graph task, malformed, or too large for storage to accept (a network client
   *     refuses a report larger than storage's message limit before sending it). Retrying fails the
   *     same way: report the attempt with {@link #reportTaskFailure} instead, as a deterministic
   *     failure quoting this message, so the job does not wait for it.
   * @throws InterruptedException the calling thread was interrupted: the runtime is shutting down;
   *     the report may or may not have arrived.
   */
  void reportTaskSuccess(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      Optional<TaskOutputs> outputs)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InvalidInputException,
          InterruptedException;

  /**
   * Reports that a task instance failed: an in-task failure, a timeout or an executor crash.
   *
   * @param jobId the job
   * @param taskId the task
   * @param taskInstanceId the instance from {@link ExecutionContext#taskInstanceId()}
   * @param emId this execution manager
   * @param sessionId the session of the assignment (not a newer one learned since)
   * @param failure the classified failure: whether another attempt may succeed, and a human
   *     description, e.g. {@code "timeout: hard timeout of PT5S passed"}. Spider's protocol has no
   *     field for the class, so a network client sends {@link TaskFailure#toString()}, the class as
   *     a text prefix (docs/failures.md)
   * @throws StaleSessionException as for {@link #reportTaskSuccess}: refresh the session through
   *     {@link LivenessClient#heartbeat} and drop the report.
   * @throws CacheStaleException the job or task already ended. Drop the report.
   * @throws TransportException as for {@link #reportTaskSuccess}: back off and send it again.
   * @throws ServerException storage failed. Log it as an error and drop the report.
   * @throws InterruptedException the calling thread was interrupted: the runtime is shutting down;
   *     the report may or may not have arrived.
   */
  void reportTaskFailure(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      TaskFailure failure)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InterruptedException;
}
