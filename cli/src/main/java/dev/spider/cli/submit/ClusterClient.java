package dev.spider.cli.submit;

import com.google.protobuf.ByteString;
import dev.spider.cluster.proto.storage.AddResourceGroupRequest;
import dev.spider.cluster.proto.storage.JobIdRequest;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc.JobOrchestrationServiceBlockingStub;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.RegisterJobRequest;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc.ResourceGroupManagementServiceBlockingStub;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormatException;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of storage's {@code JobOrchestrationService} and {@code ResourceGroupManagementService}
 * (docs/job-files.md, "Running a job file on a cluster"): plaintext gRPC, a deadline on every call,
 * and each failure a {@link ClusterException} mapped from its status as upstream's client maps
 * them. Calls that only read (job state, outputs, error) are retried on {@code UNAVAILABLE} a few
 * times with back-off; calls that change something are not, so a lost reply cannot register or
 * start a job twice.
 *
 * <p>Thread-safe (the stubs and channel are); {@link #close} closes a channel it opened.
 */
public final class ClusterClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);

  /** The deadline of each call unless told otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** Storage may answer outputs above gRPC's default 4 MiB; its own encode limit is unbounded. */
  private static final int MAX_INBOUND_BYTES = 256 << 20;

  private static final int READ_ATTEMPTS = 5;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final Channel channel;
  private final Optional<ManagedChannel> owned;
  private final String target;
  private final Duration deadline;

  /**
   * A client over {@code channel}, which the caller keeps and closes.
   *
   * @param target how messages name the server, e.g. its address
   */
  public ClusterClient(Channel channel, String target, Duration deadline) {
    this(channel, Optional.empty(), target, deadline);
  }

  private ClusterClient(
      Channel channel, Optional<ManagedChannel> owned, String target, Duration deadline) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.owned = owned;
    this.target = Objects.requireNonNull(target, "target");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /** A client with its own plaintext channel to {@code address}, closed by {@link #close}. */
  public static ClusterClient connect(StorageAddress address) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                address.host(), address.port(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(MAX_INBOUND_BYTES)
            .build();
    return new ClusterClient(
        channel, Optional.of(channel), "storage at " + address, DEFAULT_DEADLINE);
  }

  /** {@code AddResourceGroup} with an empty password; the new group's id. */
  public long addResourceGroup(String externalId) throws ClusterException {
    try {
      return rgStub()
          .addResourceGroup(
              AddResourceGroupRequest.newBuilder()
                  .setExternalResourceGroupId(externalId)
                  .setPassword(ByteString.EMPTY)
                  .build())
          .getResourceGroupId();
    } catch (StatusRuntimeException e) {
      throw failure("AddResourceGroup(\"" + externalId + "\")", e);
    }
  }

  /** {@code RegisterJob}: the job's id; the job is registered, not started. */
  public long registerJob(long resourceGroupId, ClusterJob job) throws ClusterException {
    try {
      return jobStub()
          .registerJob(
              RegisterJobRequest.newBuilder()
                  .setResourceGroupId(resourceGroupId)
                  .setCompressedSerializedTaskGraph(ByteString.copyFrom(job.compressedGraph()))
                  .setCompressedSerializedInputs(ByteString.copyFrom(job.compressedInputs()))
                  .build())
          .getJobId();
    } catch (StatusRuntimeException e) {
      throw failure("RegisterJob of job '" + job.spec().name() + "'", e);
    }
  }

  /** {@code StartJob}: the job's state after it. */
  public JobState startJob(long jobId) throws ClusterException {
    try {
      return jobStub().startJob(id(jobId)).getState();
    } catch (StatusRuntimeException e) {
      throw failure("StartJob(" + Long.toUnsignedString(jobId) + ")", e);
    }
  }

  /** {@code CancelJob}: the job's state after it. */
  public JobState cancelJob(long jobId) throws ClusterException {
    try {
      return jobStub().cancelJob(id(jobId)).getState();
    } catch (StatusRuntimeException e) {
      throw failure("CancelJob(" + Long.toUnsignedString(jobId) + ")", e);
    }
  }

  /** {@code GetJobState}. */
  public JobState jobState(long jobId) throws ClusterException, InterruptedException {
    return read("GetJobState", jobId, () -> jobStub().getJobState(id(jobId)).getState());
  }

  /**
   * {@code GetJobOutputs}, decoded from its serialized task outputs buffer (option byte, wire
   * format, maybe zstd).
   */
  public List<byte[]> jobOutputs(long jobId) throws ClusterException, InterruptedException {
    ByteString raw =
        read(
            "GetJobOutputs",
            jobId,
            () -> jobStub().getJobOutputs(id(jobId)).getSerializedOutputs());
    try {
      return SerializedTaskOutputs.decode(raw.toByteArray());
    } catch (WireFormatException e) {
      throw new ClusterException(
          ClusterException.Reason.PROTOCOL,
          "GetJobOutputs("
              + Long.toUnsignedString(jobId)
              + ") from "
              + target
              + " answered unusable outputs: "
              + e.getMessage(),
          e);
    }
  }

  /** {@code GetJobError}: the failing task's message. */
  public String jobError(long jobId) throws ClusterException, InterruptedException {
    return read("GetJobError", jobId, () -> jobStub().getJobError(id(jobId)).getErrorMessage());
  }

  /**
   * Closes the channel {@link #connect} opened, waiting up to 10 s for calls in flight; a channel
   * given to the constructor stays open. An interrupt cuts the wait short and stays set.
   */
  @Override
  public void close() {
    if (owned.isEmpty()) {
      return;
    }
    ManagedChannel managed = owned.get();
    managed.shutdown();
    try {
      if (!managed.awaitTermination(5, TimeUnit.SECONDS)) {
        managed.shutdownNow();
        if (!managed.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("the channel to {} did not terminate within 10 s", target);
        }
      }
    } catch (InterruptedException e) {
      managed.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A read-only call: retried on UNAVAILABLE with capped exponential back-off. */
  private <T> T read(String call, long jobId, ReadCall<T> body)
      throws ClusterException, InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        return body.call();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt == READ_ATTEMPTS) {
          throw failure(call + "(" + Long.toUnsignedString(jobId) + ")", e);
        }
        log.info(
            "{} to {} unavailable (attempt {}), retrying in {}", call, target, attempt, backoff);
        Thread.sleep(backoff.toMillis());
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /** One blocking call that may fail with a status. */
  @FunctionalInterface
  private interface ReadCall<T> {
    T call();
  }

  private JobOrchestrationServiceBlockingStub jobStub() {
    return JobOrchestrationServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ResourceGroupManagementServiceBlockingStub rgStub() {
    return ResourceGroupManagementServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static JobIdRequest id(long jobId) {
    return JobIdRequest.newBuilder().setJobId(jobId).build();
  }

  private ClusterException failure(String call, StatusRuntimeException e) {
    Status status = e.getStatus();
    String described =
        call
            + " to "
            + target
            + " failed: "
            + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription());
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED ->
          new ClusterException(
              ClusterException.Reason.UNREACHABLE,
              described
                  + "; check that a spider head or upstream's spider-storage listens there (plain"
                  + " gRPC, no TLS)",
              e);
      case UNAUTHENTICATED ->
          new ClusterException(
              ClusterException.Reason.UNAUTHENTICATED,
              described
                  + "; check --resource-group (it must exist and take an empty password), or"
                  + " leave it out to create a group for this run",
              e);
      case NOT_FOUND ->
          new ClusterException(
              ClusterException.Reason.NOT_FOUND,
              described + "; storage no longer knows the job (was it restarted?)",
              e);
      case FAILED_PRECONDITION ->
          new ClusterException(
              ClusterException.Reason.INVALID_STATE,
              described + "; the job is not in a state that allows this call",
              e);
      case INVALID_ARGUMENT ->
          new ClusterException(
              ClusterException.Reason.REFUSED,
              described + "; storage refused the request as malformed",
              e);
      case ALREADY_EXISTS ->
          new ClusterException(
              ClusterException.Reason.ALREADY_EXISTS,
              described + "; pick another external id, or pass --resource-group",
              e);
      default ->
          new ClusterException(
              ClusterException.Reason.SERVER, described + "; see storage's log", e);
    };
  }
}
