package dev.spider.cli.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cluster.proto.common.TaskId;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import dev.spider.cluster.proto.storage.AddResourceGroupRequest;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.ExecutionManagerIdRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.JobIdRequest;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterJobRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc;
import dev.spider.cluster.proto.storage.SessionManagementServiceGrpc;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;

/**
 * A {@link Head} on the loopback interface, on free ports, with plaintext channels to its two
 * servers and blocking stubs generated from the protocol, as any client of the head would use them;
 * and the calls tests repeat, spelled out once. Every call has a deadline of {@link #DEADLINE}, so
 * a broken head fails a test instead of hanging it.
 *
 * <p>Not thread-safe beyond what gRPC stubs are: a test drives it from its thread, and may run a
 * blocking call on another.
 */
final class HeadFixture implements AutoCloseable {

  /** How long any call, or any wait of a test, may take. */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  static final TdlCodec<Long> INT64 = TdlCodec.of(Long.class);

  static final String PKG = "integration_test_tasks";

  final Head head;
  private final ManagedChannel storage;
  private final ManagedChannel scheduler;

  private HeadFixture(Head head) {
    this.head = head;
    storage = channel(head.storageAddress());
    scheduler = channel(head.schedulerAddress());
  }

  /** A head with upstream's default liveness cut-off. */
  static HeadFixture start() throws Exception {
    return start(HeadConfig.DEFAULT_LIVENESS_CUTOFF);
  }

  static HeadFixture start(Duration livenessCutoff) throws Exception {
    return new HeadFixture(
        Head.start(new HeadConfig(InetAddress.getLoopbackAddress(), 0, 0, livenessCutoff)));
  }

  /** A head with upstream's default liveness cut-off, as if started at {@code startEpochMillis}. */
  static HeadFixture startedAt(long startEpochMillis) throws Exception {
    return new HeadFixture(
        Head.start(
            new HeadConfig(
                InetAddress.getLoopbackAddress(), 0, 0, HeadConfig.DEFAULT_LIVENESS_CUTOFF),
            startEpochMillis));
  }

  private static ManagedChannel channel(InetSocketAddress address) {
    return NettyChannelBuilder.forAddress(address)
        .usePlaintext()
        .maxInboundMessageSize(Head.STORAGE_MAX_INBOUND_BYTES)
        .build();
  }

  /** Closes the channels, then the head; an interrupt while waiting is kept for the caller. */
  @Override
  public void close() {
    storage.shutdownNow();
    scheduler.shutdownNow();
    try {
      storage.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      scheduler.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      head.close();
    }
  }

  // Stubs, each with a fresh deadline.

  JobOrchestrationServiceGrpc.JobOrchestrationServiceBlockingStub jobs() {
    return JobOrchestrationServiceGrpc.newBlockingStub(storage)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  TaskInstanceManagementServiceGrpc.TaskInstanceManagementServiceBlockingStub instances() {
    return TaskInstanceManagementServiceGrpc.newBlockingStub(storage)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  ResourceGroupManagementServiceGrpc.ResourceGroupManagementServiceBlockingStub groups() {
    return ResourceGroupManagementServiceGrpc.newBlockingStub(storage)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  ExecutionManagerLivenessServiceGrpc.ExecutionManagerLivenessServiceBlockingStub liveness() {
    return ExecutionManagerLivenessServiceGrpc.newBlockingStub(storage)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  SessionManagementServiceGrpc.SessionManagementServiceBlockingStub sessions() {
    return SessionManagementServiceGrpc.newBlockingStub(storage)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
    return SchedulerServiceGrpc.newBlockingStub(scheduler)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Calls.

  /** Registers an execution manager as upstream's does, from {@code 0.0.0.0}. */
  long registerManager() {
    return liveness()
        .registerExecutionManager(
            RegisterExecutionManagerRequest.newBuilder().setIpAddress("0.0.0.0").build())
        .getRegistration()
        .getExecutionManagerId();
  }

  /** The head's storage session, as {@code GetSession} answers it. */
  long session() {
    return sessions().getSession(Void.getDefaultInstance()).getSessionId();
  }

  long heartbeat(long em) {
    return liveness()
        .updateExecutionManagerHeartbeat(
            ExecutionManagerIdRequest.newBuilder().setExecutionManagerId(em).build())
        .getSessionId();
  }

  long addGroup(String externalId) {
    return groups()
        .addResourceGroup(
            AddResourceGroupRequest.newBuilder()
                .setExternalResourceGroupId(externalId)
                .setPassword(ByteString.copyFrom("secret", StandardCharsets.UTF_8))
                .build())
        .getResourceGroupId();
  }

  /** A {@code RegisterJob} request: the graph's JSON and the inputs' wire format, both in zstd. */
  static RegisterJobRequest registerJob(long group, String graphJson, List<byte[]> inputs) {
    return RegisterJobRequest.newBuilder()
        .setResourceGroupId(group)
        .setCompressedSerializedTaskGraph(
            ByteString.copyFrom(ZstdFrames.compress(graphJson.getBytes(StandardCharsets.UTF_8))))
        .setCompressedSerializedInputs(
            ByteString.copyFrom(ZstdFrames.compress(WireFormat.encode(inputs))))
        .build();
  }

  /** Registers a job under a fresh resource group, without starting it. */
  long register(String graphJson, List<byte[]> inputs) {
    long group = addGroup("group-" + System.nanoTime());
    return jobs().registerJob(registerJob(group, graphJson, inputs)).getJobId();
  }

  /** Registers and starts a job. */
  long submit(String graphJson, List<byte[]> inputs) {
    long job = register(graphJson, inputs);
    assertEquals(JobState.RUNNING, jobs().startJob(jobRequest(job)).getState());
    return job;
  }

  static JobIdRequest jobRequest(long job) {
    return JobIdRequest.newBuilder().setJobId(job).build();
  }

  JobState state(long job) {
    return jobs().getJobState(jobRequest(job)).getState();
  }

  /** One poll: the assignment, or empty on {@code no_task}. */
  Optional<SchedulerAssignment> next(long em, Optional<TaskAssignmentRecord> ack, long waitMs) {
    NextTaskRequest.Builder request =
        NextTaskRequest.newBuilder().setExecutionManagerId(em).setWaitTimeMs(waitMs);
    ack.ifPresent(request::setPrevAssignment);
    NextTaskResponse response = scheduler().nextTask(request.build());
    return switch (response.getResultCase()) {
      case ASSIGNMENT -> Optional.of(response.getAssignment());
      case NO_TASK -> Optional.empty();
      case RESULT_NOT_SET -> throw new AssertionError("a NextTask reply without a result");
    };
  }

  /** The next assignment, which must be ready now. */
  SchedulerAssignment nextNow(long em) {
    return next(em, Optional.empty(), 0).orElseThrow(() -> new AssertionError("no task ready"));
  }

  static TaskAssignmentRecord ack(SchedulerAssignment a) {
    return TaskAssignmentRecord.newBuilder().setId(a.getId()).setFrom(a.getSchedulerId()).build();
  }

  static RegisterTaskInstanceRequest registration(long em, SchedulerAssignment a) {
    return RegisterTaskInstanceRequest.newBuilder()
        .setJobId(a.getJobId())
        .setTaskId(a.getTaskId())
        .setExecutionManagerId(em)
        .setSessionId(a.getSessionId())
        .build();
  }

  ExecutionContext registerInstance(long em, SchedulerAssignment a) {
    return instances().registerTaskInstance(registration(em, a)).getExecutionContext();
  }

  static ReportTaskSuccessRequest success(
      long em, SchedulerAssignment a, ExecutionContext context, byte[] serializedOutputs) {
    return ReportTaskSuccessRequest.newBuilder()
        .setJobId(a.getJobId())
        .setTaskId(a.getTaskId())
        .setTaskInstanceId(context.getTaskInstanceId())
        .setExecutionManagerId(em)
        .setSessionId(a.getSessionId())
        .setSerializedOutputs(ByteString.copyFrom(serializedOutputs))
        .build();
  }

  static ReportTaskFailureRequest failure(
      long em, SchedulerAssignment a, ExecutionContext context, String message) {
    return ReportTaskFailureRequest.newBuilder()
        .setJobId(a.getJobId())
        .setTaskId(a.getTaskId())
        .setTaskInstanceId(context.getTaskInstanceId())
        .setExecutionManagerId(em)
        .setSessionId(a.getSessionId())
        .setErrorMessage(message)
        .build();
  }

  void succeed(long em, SchedulerAssignment a, ExecutionContext context, byte[]... payloads) {
    Void unused =
        instances()
            .reportTaskSuccess(success(em, a, context, WireFormat.encode(List.of(payloads))));
    assertEquals(Void.getDefaultInstance(), unused);
  }

  void fail(long em, SchedulerAssignment a, ExecutionContext context, String message) {
    instances().reportTaskFailure(failure(em, a, context, message));
  }

  // Values and assertions.

  static byte[] int64(long value) {
    try {
      return INT64.encode(value);
    } catch (CodecException e) {
      throw new AssertionError(e);
    }
  }

  static long int64(byte[] msgpack) throws CodecException {
    return INT64.decode(msgpack);
  }

  static TaskId index(long i) {
    return TaskId.newBuilder().setIndex(i).build();
  }

  /**
   * Runs {@code call}, which must be refused with {@code code} and a description containing {@code
   * text}.
   */
  static StatusRuntimeException refused(Status.Code code, String text, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), () -> "status of " + e.getStatus());
    String description = String.valueOf(e.getStatus().getDescription());
    assertTrue(description.contains(text), () -> "\"" + text + "\" not in \"" + description + "\"");
    return e;
  }
}
