package dev.spider.manager.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
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
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StorageClient} over {@code storage.TaskInstanceManagementService}. Status codes, as
 * upstream's storage sends them and its execution manager reads them (docs/cluster.md):
 *
 * <table>
 *   <caption>Status → exception</caption>
 *   <tr><th>status</th><th>exception</th></tr>
 *   <tr><td>{@code NOT_FOUND} (stale session)</td><td>{@link StaleSessionException}, storage's
 *       session parsed from the text</td></tr>
 *   <tr><td>{@code FAILED_PRECONDITION} (cache stale)</td><td>{@link CacheStaleException}</td></tr>
 *   <tr><td>{@code INVALID_ARGUMENT}</td><td>{@link InvalidInputException} for a success report;
 *       {@link ServerException} for the two calls that do not declare it</td></tr>
 *   <tr><td>{@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}</td><td>{@link TransportException},
 *       with whether the request may have arrived</td></tr>
 *   <tr><td>{@code CANCELLED} by an interrupt of the caller</td><td>{@link
 *       InterruptedException}</td></tr>
 *   <tr><td>{@code OUT_OF_RANGE}, {@code RESOURCE_EXHAUSTED}, anything else</td><td>{@link
 *       ServerException} (naming the size limits for the first two)</td></tr>
 * </table>
 *
 * <p>Before sending, a success report larger than storage's message limit is refused ({@link
 * InvalidInputException}; the runtime then reports a deterministic failure), and a failure message
 * too long for it is shortened. Failures travel as {@link TaskFailure#toString()}, the class as a
 * text prefix (docs/failures.md).
 *
 * <p>Immutable and thread-safe; the channels belong to the {@link GrpcCluster}.
 */
final class GrpcStorageClient implements StorageClient {

  private final ChannelPool channels;
  private final ExecutionContexts contexts;
  private final MessageLimit limit;
  private final FailureText text;
  private final Duration callDeadline;
  private final Duration registrationDeadline;

  GrpcStorageClient(ChannelPool channels, GrpcClusterConfig config) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.contexts =
        new ExecutionContexts(
            config.interruptAtSoftTimeout()
                ? ExecutionContexts.SoftTimeouts.INTERRUPT
                : ExecutionContexts.SoftTimeouts.IGNORE);
    this.limit = new MessageLimit(config.storageMaxMessageBytes());
    this.text = new FailureText(config.storageMaxMessageBytes(), config.inboundMaxMessageBytes());
    this.callDeadline = config.callDeadline();
    this.registrationDeadline = config.registrationDeadline();
  }

  @Override
  public ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId emId, SessionId sessionId)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InterruptedException {
    String call =
        "registerTaskInstance(job "
            + jobId
            + ", task "
            + taskId
            + ", em "
            + emId
            + ", session "
            + sessionId
            + ")";
    RegisterTaskInstanceRequest request =
        RegisterTaskInstanceRequest.newBuilder()
            .setJobId(jobId.value())
            .setTaskId(TaskIds.toProto(taskId))
            .setExecutionManagerId(emId.value())
            .setSessionId(sessionId.value())
            .build();
    RegisterTaskInstanceResponse reply;
    try {
      // The long deadline: a registration whose reply is lost cannot be retried (docs/cluster.md),
      // so only a real network failure should lose one.
      reply =
          Rpc.call(
              channels.next(),
              TaskInstanceManagementServiceGrpc.getRegisterTaskInstanceMethod(),
              request,
              registrationDeadline);
    } catch (RpcFailure f) {
      throw failure(call, f, sessionId);
    }
    return contexts.read(call, jobId, taskId, reply);
  }

  @Override
  public void reportTaskSuccess(
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
          InterruptedException {
    Objects.requireNonNull(outputs, "outputs");
    String call = reportCall("reportTaskSuccess", jobId, taskId, taskInstanceId, emId, sessionId);
    boolean graphTask = taskId instanceof TaskId.Index;
    if (graphTask != outputs.isPresent()) {
      throw new InvalidInputException(
          call
              + (graphTask
                  ? ": a graph task's success needs its outputs (00000000 for none)"
                  : ": the commit and cleanup tasks report no outputs"));
    }
    ReportTaskSuccessRequest request =
        ReportTaskSuccessRequest.newBuilder()
            .setJobId(jobId.value())
            .setTaskId(TaskIds.toProto(taskId))
            .setTaskInstanceId(taskInstanceId.value())
            .setExecutionManagerId(emId.value())
            .setSessionId(sessionId.value())
            // wireFormat() is a fresh copy nobody else holds, so wrapping it cannot see changes.
            .setSerializedOutputs(
                outputs
                    .map(o -> UnsafeByteOperations.unsafeWrap(o.wireFormat()))
                    .orElse(ByteString.EMPTY))
            .build();
    limit.check(call, request);
    try {
      Rpc.call(
          channels.next(),
          TaskInstanceManagementServiceGrpc.getReportTaskSuccessMethod(),
          request,
          callDeadline);
    } catch (RpcFailure f) {
      if (f.code() == Status.Code.INVALID_ARGUMENT) {
        throw new InvalidInputException(
            call + ": storage refused the report as invalid: " + f.describe());
      }
      throw failure(call, f, sessionId);
    }
  }

  @Override
  public void reportTaskFailure(
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
          InterruptedException {
    Objects.requireNonNull(failure, "failure");
    String call = reportCall("reportTaskFailure", jobId, taskId, taskInstanceId, emId, sessionId);
    ReportTaskFailureRequest request =
        limit.fit(
            ReportTaskFailureRequest.newBuilder()
                .setJobId(jobId.value())
                .setTaskId(TaskIds.toProto(taskId))
                .setTaskInstanceId(taskInstanceId.value())
                .setExecutionManagerId(emId.value())
                .setSessionId(sessionId.value())
                .setErrorMessage(failure.toString())
                .build());
    try {
      Rpc.call(
          channels.next(),
          TaskInstanceManagementServiceGrpc.getReportTaskFailureMethod(),
          request,
          callDeadline);
    } catch (RpcFailure f) {
      throw failure(call, f, sessionId);
    }
  }

  /**
   * Throws the exception of {@code f}'s status for the kinds every storage call shares, and returns
   * the {@link ServerException} of every other status for the caller to throw.
   */
  private ServerException failure(String call, RpcFailure f, SessionId sessionId)
      throws StaleSessionException, CacheStaleException, TransportException {
    switch (f.code()) {
      case NOT_FOUND:
        throw new StaleSessionException(
            call, sessionId, StaleSessionText.currentSession(f.description()));
      case FAILED_PRECONDITION:
        throw new CacheStaleException(call + ": " + f.describe());
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        throw new TransportException(call + ": " + f.describe(), f.arrival(), f);
      case INVALID_ARGUMENT:
        return new ServerException(
            call + ": storage refused the request as invalid: " + f.describe(), f);
      default:
        return new ServerException(call + ": " + text.of(f), f);
    }
  }

  private static String reportCall(
      String operation,
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId) {
    return operation
        + "(job "
        + jobId
        + ", task "
        + taskId
        + ", instance "
        + taskInstanceId
        + ", em "
        + emId
        + ", session "
        + sessionId
        + ")";
  }
}
