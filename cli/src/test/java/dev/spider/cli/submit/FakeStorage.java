package dev.spider.cli.submit;

import com.google.protobuf.ByteString;
import dev.spider.cluster.proto.storage.AddResourceGroupRequest;
import dev.spider.cluster.proto.storage.JobErrorResponse;
import dev.spider.cluster.proto.storage.JobIdRequest;
import dev.spider.cluster.proto.storage.JobOrchestrationServiceGrpc;
import dev.spider.cluster.proto.storage.JobOutputsResponse;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.JobStateResponse;
import dev.spider.cluster.proto.storage.RegisterJobRequest;
import dev.spider.cluster.proto.storage.RegisterJobResponse;
import dev.spider.cluster.proto.storage.ResourceGroupIdResponse;
import dev.spider.cluster.proto.storage.ResourceGroupManagementServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A scripted stand-in for storage's job and resource-group services: it records every request and
 * answers {@code GetJobState} from a queue of states (the last one repeats), with {@code CancelJob}
 * moving the job to CANCELLED. Any call can be made to fail with a status instead.
 *
 * <p>Thread-safe: gRPC's threads and the test's share it under its monitor.
 */
public final class FakeStorage {

  public static final long GROUP_ID = 7;
  public static final long JOB_ID = 42;

  private final Deque<JobState> states = new ArrayDeque<>();
  private final List<String> calls = new ArrayList<>();
  private byte[] outputs = new byte[] {0, 0, 0, 0, 0};
  private String error = "";
  private Optional<Status> registerFailure = Optional.empty();
  private int stateFailures;
  private RegisterJobRequest registered;
  private AddResourceGroupRequest addedGroup;
  private boolean cancelled;

  public synchronized FakeStorage states(JobState... script) {
    states.addAll(List.of(script));
    return this;
  }

  public synchronized FakeStorage outputs(byte[] serializedOutputs) {
    this.outputs = serializedOutputs.clone();
    return this;
  }

  public synchronized FakeStorage error(String message) {
    this.error = message;
    return this;
  }

  public synchronized FakeStorage failRegister(Status status) {
    this.registerFailure = Optional.of(status);
    return this;
  }

  /** The next {@code count} {@code GetJobState} calls fail with UNAVAILABLE. */
  public synchronized FakeStorage failStates(int count) {
    this.stateFailures = count;
    return this;
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized RegisterJobRequest registered() {
    return registered;
  }

  public synchronized AddResourceGroupRequest addedGroup() {
    return addedGroup;
  }

  /** How many times {@code call} has been made. */
  public synchronized long count(String call) {
    return calls.stream().filter(call::equals).count();
  }

  private synchronized void record(String call) {
    calls.add(call);
    notifyAll();
  }

  /** Blocks until {@code call} has been made {@code times} times, or the deadline. */
  public synchronized void awaitCalls(String call, long times, long deadlineMillis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + deadlineMillis;
    while (count(call) < times) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for " + times + " " + call + "; saw " + calls);
      }
      wait(left);
    }
  }

  private synchronized JobState nextState() {
    if (cancelled) {
      return JobState.CANCELLED;
    }
    return states.size() > 1 ? states.poll() : states.peek();
  }

  /** The job service. */
  public JobOrchestrationServiceGrpc.JobOrchestrationServiceImplBase jobs() {
    return new JobOrchestrationServiceGrpc.JobOrchestrationServiceImplBase() {
      @Override
      public void registerJob(RegisterJobRequest request, StreamObserver<RegisterJobResponse> out) {
        Optional<Status> failure;
        synchronized (FakeStorage.this) {
          registered = request;
          failure = registerFailure;
        }
        record("RegisterJob");
        if (failure.isPresent()) {
          out.onError(failure.get().asRuntimeException());
          return;
        }
        out.onNext(RegisterJobResponse.newBuilder().setJobId(JOB_ID).build());
        out.onCompleted();
      }

      @Override
      public void startJob(JobIdRequest request, StreamObserver<JobStateResponse> out) {
        record("StartJob");
        out.onNext(JobStateResponse.newBuilder().setState(JobState.RUNNING).build());
        out.onCompleted();
      }

      @Override
      public void cancelJob(JobIdRequest request, StreamObserver<JobStateResponse> out) {
        synchronized (FakeStorage.this) {
          cancelled = true;
        }
        record("CancelJob");
        out.onNext(JobStateResponse.newBuilder().setState(JobState.CANCELLED).build());
        out.onCompleted();
      }

      @Override
      public void getJobState(JobIdRequest request, StreamObserver<JobStateResponse> out) {
        boolean fail;
        synchronized (FakeStorage.this) {
          fail = stateFailures > 0;
          if (fail) {
            stateFailures--;
          }
        }
        record("GetJobState");
        if (fail) {
          out.onError(Status.UNAVAILABLE.withDescription("flaky").asRuntimeException());
          return;
        }
        out.onNext(JobStateResponse.newBuilder().setState(nextState()).build());
        out.onCompleted();
      }

      @Override
      public void getJobOutputs(JobIdRequest request, StreamObserver<JobOutputsResponse> out) {
        byte[] raw;
        synchronized (FakeStorage.this) {
          raw = outputs.clone();
        }
        record("GetJobOutputs");
        out.onNext(
            JobOutputsResponse.newBuilder().setSerializedOutputs(ByteString.copyFrom(raw)).build());
        out.onCompleted();
      }

      @Override
      public void getJobError(JobIdRequest request, StreamObserver<JobErrorResponse> out) {
        String message;
        synchronized (FakeStorage.this) {
          message = error;
        }
        record("GetJobError");
        out.onNext(JobErrorResponse.newBuilder().setErrorMessage(message).build());
        out.onCompleted();
      }
    };
  }

  /** The resource-group service. */
  public ResourceGroupManagementServiceGrpc.ResourceGroupManagementServiceImplBase groups() {
    return new ResourceGroupManagementServiceGrpc.ResourceGroupManagementServiceImplBase() {
      @Override
      public void addResourceGroup(
          AddResourceGroupRequest request, StreamObserver<ResourceGroupIdResponse> out) {
        synchronized (FakeStorage.this) {
          addedGroup = request;
        }
        record("AddResourceGroup");
        out.onNext(ResourceGroupIdResponse.newBuilder().setResourceGroupId(GROUP_ID).build());
        out.onCompleted();
      }
    };
  }
}
