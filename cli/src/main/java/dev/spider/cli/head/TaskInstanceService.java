package dev.spider.cli.head;

import com.google.protobuf.ByteString;
import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cli.embedded.ManagerStatus;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
import dev.spider.cluster.proto.storage.TdlContext;
import dev.spider.cluster.proto.storage.TimeoutPolicy;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.TaskId;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage.TaskInstanceManagementService}: an execution manager registers an instance of an
 * assigned task (getting its inputs) and reports how it ended. The answers, checked in this order,
 * are upstream's (docs/cluster.md):
 *
 * <ol>
 *   <li>no {@code task_id}, or one without a kind → {@code INVALID_ARGUMENT};
 *   <li>a session other than the head's → {@code NOT_FOUND "stale session; current storage session
 *       is N"};
 *   <li>a job the head never registered → {@code FAILED_PRECONDITION "cache stale: job not found in
 *       cache: …"}; a task the job does not have, or a manager id the head never issued → {@code
 *       INVALID_ARGUMENT};
 *   <li>a task no longer runnable, an instance already reported or void (its job ended, its manager
 *       was declared dead, a later registration superseded it), an instance this manager did not
 *       register, a manager declared dead → {@code FAILED_PRECONDITION "cache stale: …"};
 *   <li>a success whose {@code serialized_outputs} are not one wire-format buffer (0 bytes
 *       included) → {@code INVALID_ARGUMENT}; the commit and cleanup tasks' outputs are ignored.
 * </ol>
 *
 * <p>Beyond upstream: a success whose output count differs from the graph's declaration fails the
 * task (deterministically, quoting the refusal) and answers {@code INVALID_ARGUMENT}; upstream's
 * storage has no such check and restarts itself instead. A failure's message is classified by its
 * prefix ({@link FailureMessages}): environmental failures are retried within the task's {@code
 * max_num_retry}, deterministic ones fail it at once.
 *
 * <p>A registration answers the graph task's wire-format inputs, the commit task's job outputs (a
 * serialized task outputs buffer), or for the cleanup task the wire format of no inputs, {@code
 * 00000000}: upstream sends 0 bytes, which its own execution manager then fails to decode.
 *
 * <p>Thread-safe: its only state is the cluster's.
 */
final class TaskInstanceService
    extends TaskInstanceManagementServiceGrpc.TaskInstanceManagementServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(TaskInstanceService.class);
  private static final String SERVICE = "storage.TaskInstanceManagementService/";

  private final EmbeddedCluster cluster;

  TaskInstanceService(EmbeddedCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** The ids a request names, checked against what the head knows. */
  private record Target(JobId job, TaskId task, ExecutionManagerId em, SessionId session) {}

  @Override
  public void registerTaskInstance(
      RegisterTaskInstanceRequest request, StreamObserver<RegisterTaskInstanceResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "RegisterTaskInstance",
        Statuses.STORAGE_INTERNAL,
        () -> {
          Target t =
              target(
                  request.getJobId(),
                  Protos.taskId(request.hasTaskId(), request.getTaskId()),
                  request.getExecutionManagerId(),
                  request.getSessionId());
          dev.spider.manager.client.ExecutionContext context;
          try {
            context =
                cluster
                    .storageClient()
                    .registerTaskInstance(t.job(), t.task(), t.em(), t.session());
          } catch (StaleSessionException e) {
            throw Statuses.staleSession(cluster.session());
          } catch (CacheStaleException e) {
            throw Statuses.cacheStale(e.getMessage());
          } catch (ServerException e) {
            throw new IllegalStateException("checked before the call, yet: " + e.getMessage(), e);
          }
          return RegisterTaskInstanceResponse.newBuilder()
              .setExecutionContext(toProto(context))
              .build();
        });
  }

  @Override
  public void reportTaskSuccess(ReportTaskSuccessRequest request, StreamObserver<Void> observer) {
    Calls.answer(
        observer,
        SERVICE + "ReportTaskSuccess",
        Statuses.STORAGE_INTERNAL,
        () -> {
          Target t =
              target(
                  request.getJobId(),
                  Protos.taskId(request.hasTaskId(), request.getTaskId()),
                  request.getExecutionManagerId(),
                  request.getSessionId());
          TaskInstanceId instance = new TaskInstanceId(request.getTaskInstanceId());
          Optional<TaskOutputs> outputs = outputs(t.task(), request.getSerializedOutputs());
          try {
            cluster
                .storageClient()
                .reportTaskSuccess(t.job(), t.task(), instance, t.em(), t.session(), outputs);
          } catch (InvalidInputException e) {
            failInstead(t, instance, e);
            throw Statuses.invalidArgument(e.getMessage() + "; the task failed instead");
          } catch (StaleSessionException | CacheStaleException | ServerException e) {
            throw reportRefused(e);
          }
          return Protos.VOID;
        });
  }

  @Override
  public void reportTaskFailure(ReportTaskFailureRequest request, StreamObserver<Void> observer) {
    Calls.answer(
        observer,
        SERVICE + "ReportTaskFailure",
        Statuses.STORAGE_INTERNAL,
        () -> {
          Target t =
              target(
                  request.getJobId(),
                  Protos.taskId(request.hasTaskId(), request.getTaskId()),
                  request.getExecutionManagerId(),
                  request.getSessionId());
          try {
            cluster
                .storageClient()
                .reportTaskFailure(
                    t.job(),
                    t.task(),
                    new TaskInstanceId(request.getTaskInstanceId()),
                    t.em(),
                    t.session(),
                    FailureMessages.parse(request.getErrorMessage()));
          } catch (StaleSessionException | CacheStaleException | ServerException e) {
            throw reportRefused(e);
          }
          return Protos.VOID;
        });
  }

  /**
   * Checks what the embedded storage would answer with a {@code ServerException}, which has no
   * upstream status of its own. Race-free: jobs, tasks and manager ids are never forgotten, and the
   * head's session never changes.
   */
  private Target target(long jobId, TaskId taskId, long emId, long sessionId)
      throws StatusException {
    JobId job = new JobId(jobId);
    ExecutionManagerId em = new ExecutionManagerId(emId);
    SessionId session = new SessionId(sessionId);
    if (!session.equals(cluster.session())) {
      throw Statuses.staleSession(cluster.session());
    }
    if (!cluster.hasJob(job)) {
      throw Statuses.cacheStale("job not found in cache: job " + job);
    }
    if (!cluster.hasTask(job, taskId)) {
      throw Statuses.invalidArgument("job " + job + " has no task " + taskId);
    }
    if (cluster.managerStatus(em) == ManagerStatus.UNKNOWN) {
      throw Statuses.invalidArgument(
          "execution manager " + em + " is not registered with this storage; register first");
    }
    return new Target(job, taskId, em, session);
  }

  /** A graph task's outputs; the commit and cleanup tasks' are ignored, as upstream does. */
  private static Optional<TaskOutputs> outputs(TaskId task, ByteString bytes)
      throws StatusException {
    if (!(task instanceof TaskId.Index)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskOutputs(bytes.toByteArray()));
    } catch (IllegalArgumentException e) {
      throw Statuses.invalidArgument("serialized_outputs: " + e.getMessage());
    }
  }

  /**
   * A report storage refused: stale session, or cache stale. After {@link #target}'s checks, the
   * embedded storage's only {@code ServerException} is an instance this manager never registered
   * for this task, which upstream answers as a stale cache too.
   */
  private StatusException reportRefused(Exception e) {
    if (e instanceof StaleSessionException) {
      return Statuses.staleSession(cluster.session());
    }
    return Statuses.cacheStale(e.getMessage());
  }

  /**
   * Fails the instance whose outputs storage refused, so its job moves on: upstream's execution
   * manager sends nothing after a refused report, and the job would hang.
   */
  private void failInstead(Target t, TaskInstanceId instance, InvalidInputException refusal) {
    TaskFailure failure =
        TaskFailure.deterministic("storage refused the outputs: " + refusal.getMessage());
    try {
      cluster
          .storageClient()
          .reportTaskFailure(t.job(), t.task(), instance, t.em(), t.session(), failure);
    } catch (StaleSessionException | CacheStaleException | ServerException e) {
      // Another report about the instance got there first; the task has moved on either way.
      log.warn(
          "job {} task {} instance {}: could not fail the task after refusing its outputs: {}",
          t.job(),
          t.task(),
          instance,
          e.getMessage());
    }
  }

  private static ExecutionContext toProto(dev.spider.manager.client.ExecutionContext context) {
    Duration hard = context.timeoutPolicy().hard();
    // Jobs submitted over gRPC always have a soft timeout; the hard one stands in otherwise.
    Duration soft = context.timeoutPolicy().soft().orElse(hard);
    return ExecutionContext.newBuilder()
        .setTaskInstanceId(context.taskInstanceId().value())
        .setTdlContext(
            TdlContext.newBuilder()
                .setPackage(context.function().packageName())
                .setTaskFunc(context.function().taskName()))
        .setTimeoutPolicy(
            TimeoutPolicy.newBuilder()
                .setSoftTimeoutMs(soft.toMillis())
                .setHardTimeoutMs(hard.toMillis()))
        // The commit task's job outputs, else the inputs (00000000 for the cleanup task).
        .setSerializedTaskIo(
            ByteString.copyFrom(
                context.serializedTaskGraphOutputs().orElseGet(context::serializedInputs)))
        .build();
  }
}
