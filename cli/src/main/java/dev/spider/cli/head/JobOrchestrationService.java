package dev.spider.cli.head;

import com.google.protobuf.ByteString;
import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cli.embedded.JobStateException;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cluster.proto.storage.JobErrorResponse;
import dev.spider.cluster.proto.storage.JobIdRequest;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc;
import dev.spider.cluster.proto.storage.JobOutputsResponse;
import dev.spider.cluster.proto.storage.JobStateResponse;
import dev.spider.cluster.proto.storage.RegisterJobRequest;
import dev.spider.cluster.proto.storage.RegisterJobResponse;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage.JobOrchestrationService}: clients register, start, watch and cancel jobs and fetch
 * their outputs or error. The answers are upstream's (docs/cluster.md):
 *
 * <ul>
 *   <li>{@code RegisterJob}: a payload that is not a zstd frame, a graph breaking upstream's rules,
 *       inputs not one wire buffer or not as many as the root tasks take → {@code
 *       INVALID_ARGUMENT}; then an unknown resource group → {@code UNAUTHENTICATED "invalid
 *       resource group"}; else the new job's id, the job {@code READY} (registered, not started);
 *   <li>any other call about a job the head never registered → {@code NOT_FOUND "job not found"};
 *   <li>{@code StartJob} of a job not {@code READY}, {@code GetJobOutputs} of one not {@code
 *       SUCCEEDED}, {@code GetJobError} of one neither {@code FAILED} nor {@code CANCELLED} →
 *       {@code FAILED_PRECONDITION}, naming the state;
 *   <li>{@code CancelJob} answers the state the job is in afterwards: {@code CANCELLED}, {@code
 *       CLEANUP_READY} while its cleanup task runs, or the state a job that had ended or was
 *       already cleaning up keeps.
 * </ul>
 *
 * <p>A job's outputs are a serialized task outputs buffer; a job without outputs answers the option
 * byte 0 and the wire format of no outputs. Its error is the failing task's failure, as the head
 * words it.
 *
 * <p>Thread-safe: its state is the cluster's and the {@link ResourceGroups}'.
 */
final class JobOrchestrationService
    extends JobOrchestrationServiceGrpc.JobOrchestrationServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(JobOrchestrationService.class);
  private static final String SERVICE = "storage.JobOrchestrationService/";

  private final EmbeddedCluster cluster;
  private final ResourceGroups groups;

  JobOrchestrationService(EmbeddedCluster cluster, ResourceGroups groups) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.groups = Objects.requireNonNull(groups, "groups");
  }

  @Override
  public void registerJob(
      RegisterJobRequest request, StreamObserver<RegisterJobResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "RegisterJob",
        Statuses.STORAGE_INTERNAL,
        () -> {
          ResourceGroupId group = new ResourceGroupId(request.getResourceGroupId());
          JobSpec spec;
          try {
            // Upstream validates the submission before it looks at the resource group.
            spec =
                JobSubmissions.decode(
                    request.getCompressedSerializedTaskGraph().toByteArray(),
                    request.getCompressedSerializedInputs().toByteArray(),
                    group);
          } catch (InvalidSubmissionException e) {
            throw Statuses.invalidArgument(e.getMessage());
          }
          if (!groups.exists(group)) {
            throw Statuses.invalidResourceGroup();
          }
          JobId job = cluster.register(spec, group);
          log.info(
              "job {} registered for resource group {}: {} task(s)",
              job,
              group,
              spec.tasks().size());
          return RegisterJobResponse.newBuilder().setJobId(job.value()).build();
        });
  }

  @Override
  public void startJob(JobIdRequest request, StreamObserver<JobStateResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "StartJob",
        Statuses.STORAGE_INTERNAL,
        () -> {
          JobId job = known(request);
          try {
            cluster.start(job);
          } catch (JobStateException e) {
            throw Statuses.invalidJobState(
                "job in state "
                    + Protos.upstreamName(e.state())
                    + " cannot transit into state "
                    + Protos.upstreamName(JobState.RUNNING));
          }
          return state(JobState.RUNNING);
        });
  }

  @Override
  public void cancelJob(JobIdRequest request, StreamObserver<JobStateResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "CancelJob",
        Statuses.STORAGE_INTERNAL,
        () -> {
          JobId job = known(request);
          cluster.cancel(job);
          return state(cluster.state(job));
        });
  }

  @Override
  public void getJobState(JobIdRequest request, StreamObserver<JobStateResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "GetJobState",
        Statuses.STORAGE_INTERNAL,
        () -> state(cluster.state(known(request))));
  }

  @Override
  public void getJobOutputs(JobIdRequest request, StreamObserver<JobOutputsResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "GetJobOutputs",
        Statuses.STORAGE_INTERNAL,
        () -> {
          try {
            return JobOutputsResponse.newBuilder()
                .setSerializedOutputs(
                    ByteString.copyFrom(cluster.serializedOutputs(known(request))))
                .build();
          } catch (JobStateException e) {
            throw unexpectedState(e);
          }
        });
  }

  @Override
  public void getJobError(JobIdRequest request, StreamObserver<JobErrorResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "GetJobError",
        Statuses.STORAGE_INTERNAL,
        () -> {
          try {
            return JobErrorResponse.newBuilder()
                .setErrorMessage(cluster.error(known(request)))
                .build();
          } catch (JobStateException e) {
            throw unexpectedState(e);
          }
        });
  }

  /** The job a request names, which the head must have registered; jobs are never forgotten. */
  private JobId known(JobIdRequest request) throws StatusException {
    JobId job = new JobId(request.getJobId());
    if (!cluster.hasJob(job)) {
      throw Statuses.jobNotFound();
    }
    return job;
  }

  private static JobStateResponse state(JobState state) {
    return JobStateResponse.newBuilder().setState(Protos.jobState(state)).build();
  }

  /** Upstream's wording: {@code job in state Running, expect state Succeeded}. */
  private static StatusException unexpectedState(JobStateException e) {
    return Statuses.invalidJobState(
        "job in state "
            + Protos.upstreamName(e.state())
            + ", expect state "
            + e.expected().stream()
                .sorted()
                .map(Protos::upstreamName)
                .collect(Collectors.joining(", ")));
  }
}
