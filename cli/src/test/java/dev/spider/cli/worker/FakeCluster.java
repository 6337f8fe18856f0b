package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.scheduler.HeartbeatRequest;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerIdRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.ExecutionManagerRegistration;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A scripted Spider cluster for worker tests: storage (execution-manager liveness, task instances)
 * and the scheduler on one gRPC server bound to 127.0.0.1 on a free port. It records every call in
 * order, hands out the assignments a test queues (holding each {@code NextTask} for its {@code
 * wait_time_ms} otherwise, as the scheduler does), and answers {@code RegisterTaskInstance} with
 * what the test scripts.
 *
 * <p>Thread-safe: gRPC threads serve, the test thread scripts and waits.
 */
final class FakeCluster implements AutoCloseable {

  /** How long any wait of a test may take: generous for a loaded machine, yet bounded. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  static final long EM_ID = 7;

  /** One call as the fake received it: the method's name and its request. */
  record Call(String method, Object request) {}

  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<Call> history = new ArrayList<>(); // guarded by itself
  private final Object lock = new Object();
  private final Deque<SchedulerAssignment> assignments = new ArrayDeque<>(); // guarded by lock
  private final Deque<Poll> waiting = new ArrayDeque<>(); // guarded by lock
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "fake-scheduler-long-poll");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong session = new AtomicLong(1);
  private volatile Function<RegisterTaskInstanceRequest, RegisterTaskInstanceResponse>
      registerTaskInstance =
          request -> {
            throw Status.FAILED_PRECONDITION
                .withDescription("cache stale: job not found in cache")
                .asRuntimeException();
          };
  private final Server server;

  FakeCluster() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(new Liveness())
            .addService(new Instances())
            .addService(new Scheduler())
            .fallbackHandlerRegistry(new UnknownMethods())
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  /** Hands {@code assignment} to the {@code NextTask} waiting, else to the next one. */
  void assign(SchedulerAssignment assignment) {
    synchronized (lock) {
      Poll poll = waiting.poll();
      if (poll == null) {
        assignments.add(assignment);
        return;
      }
      poll.timeout().cancel(false);
      answer(poll.observer(), NextTaskResponse.newBuilder().setAssignment(assignment).build());
    }
  }

  /** How {@code RegisterTaskInstance} answers from now on (throw a status to fail it). */
  void onRegisterTaskInstance(
      Function<RegisterTaskInstanceRequest, RegisterTaskInstanceResponse> answer) {
    registerTaskInstance = answer;
  }

  /** The storage session that heartbeats answer from now on. */
  void session(long value) {
    session.set(value);
  }

  /** Every call received so far, in order. */
  List<Call> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /**
   * Waits for the next call matching {@code wanted}, skipping (but keeping in {@link #history()})
   * the others; fails the test after {@link #DEADLINE}.
   */
  Call await(String what, Predicate<Call> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      Call call = calls.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (call == null) {
        return fail("timed out after " + DEADLINE + " waiting for " + what + "; got " + history());
      }
      if (wanted.test(call)) {
        return call;
      }
    }
  }

  /**
   * The first call so far matching {@code wanted}, or else the next one to come: for calls whose
   * order relative to those already awaited is not fixed.
   */
  Call awaitEver(String what, Predicate<Call> wanted) throws InterruptedException {
    for (Call call : history()) {
      if (wanted.test(call)) {
        return call;
      }
    }
    return await(what, wanted);
  }

  /** Waits for the next call of {@code method}. */
  Call await(String method) throws InterruptedException {
    return await(method, call -> call.method().equals(method));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.shutdownNow();
    try {
      if (!server.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("the fake cluster's server did not stop within " + DEADLINE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while stopping the fake cluster", e);
    }
  }

  private void record(String method, Object request) {
    Call call = new Call(method, request);
    synchronized (history) {
      history.add(call);
    }
    calls.add(call);
  }

  private static <T> void answer(StreamObserver<T> observer, T response) {
    if (observer instanceof ServerCallStreamObserver<T> call && call.isCancelled()) {
      return; // the worker gave up on the call (a stop): nobody to answer
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private final class Liveness
      extends ExecutionManagerLivenessServiceGrpc.ExecutionManagerLivenessServiceImplBase {
    @Override
    public void registerExecutionManager(
        RegisterExecutionManagerRequest request,
        StreamObserver<RegisterExecutionManagerResponse> observer) {
      record("RegisterExecutionManager", request);
      answer(
          observer,
          RegisterExecutionManagerResponse.newBuilder()
              .setRegistration(
                  ExecutionManagerRegistration.newBuilder()
                      .setExecutionManagerId(EM_ID)
                      .setSessionId(session.get()))
              .build());
    }

    @Override
    public void updateExecutionManagerHeartbeat(
        ExecutionManagerIdRequest request,
        StreamObserver<UpdateExecutionManagerHeartbeatResponse> observer) {
      record("UpdateExecutionManagerHeartbeat", request);
      answer(
          observer,
          UpdateExecutionManagerHeartbeatResponse.newBuilder().setSessionId(session.get()).build());
    }
  }

  private final class Instances
      extends TaskInstanceManagementServiceGrpc.TaskInstanceManagementServiceImplBase {
    @Override
    public void registerTaskInstance(
        RegisterTaskInstanceRequest request,
        StreamObserver<RegisterTaskInstanceResponse> observer) {
      record("RegisterTaskInstance", request);
      RegisterTaskInstanceResponse response;
      try {
        response = registerTaskInstance.apply(request);
      } catch (StatusRuntimeException e) {
        observer.onError(e);
        return;
      }
      answer(observer, response);
    }

    @Override
    public void reportTaskSuccess(ReportTaskSuccessRequest request, StreamObserver<Void> observer) {
      record("ReportTaskSuccess", request);
      answer(observer, Void.getDefaultInstance());
    }

    @Override
    public void reportTaskFailure(ReportTaskFailureRequest request, StreamObserver<Void> observer) {
      record("ReportTaskFailure", request);
      answer(observer, Void.getDefaultInstance());
    }
  }

  /**
   * Any other method, of any service: recorded under its full name (so that a test asserting the
   * order of calls sees it) and answered UNIMPLEMENTED, as a server without it would.
   */
  private final class UnknownMethods extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<InputStream, InputStream> method =
          MethodDescriptor.<InputStream, InputStream>newBuilder()
              .setType(MethodDescriptor.MethodType.UNKNOWN)
              .setFullMethodName(methodName)
              .setRequestMarshaller(RawMarshaller.INSTANCE)
              .setResponseMarshaller(RawMarshaller.INSTANCE)
              .build();
      return ServerMethodDefinition.create(
          method,
          (call, headers) -> {
            record(methodName, methodName);
            call.close(Status.UNIMPLEMENTED.withDescription(methodName), new Metadata());
            return new ServerCall.Listener<>() {};
          });
    }
  }

  /** Passes message bytes through unparsed. */
  private enum RawMarshaller implements MethodDescriptor.Marshaller<InputStream> {
    INSTANCE;

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }

  /** A {@code NextTask} waiting for an assignment or its {@code wait_time_ms}. */
  private record Poll(
      ServerCallStreamObserver<NextTaskResponse> observer, ScheduledFuture<?> timeout) {}

  private final class Scheduler extends SchedulerServiceGrpc.SchedulerServiceImplBase {
    @Override
    public void nextTask(NextTaskRequest request, StreamObserver<NextTaskResponse> observer) {
      record("NextTask", request);
      ServerCallStreamObserver<NextTaskResponse> call =
          (ServerCallStreamObserver<NextTaskResponse>) observer;
      synchronized (lock) {
        SchedulerAssignment ready = assignments.poll();
        if (ready != null) {
          answer(call, NextTaskResponse.newBuilder().setAssignment(ready).build());
          return;
        }
        // Held like the scheduler's long poll, without holding a thread: answered by assign() or
        // by the timer at wait_time_ms, forgotten when the worker cancels it.
        Poll[] self = new Poll[1];
        ScheduledFuture<?> timeout =
            timer.schedule(
                () -> {
                  synchronized (lock) {
                    if (waiting.remove(self[0])) {
                      answer(
                          call,
                          NextTaskResponse.newBuilder()
                              .setNoTask(Void.getDefaultInstance())
                              .build());
                    }
                  }
                },
                request.getWaitTimeMs(),
                TimeUnit.MILLISECONDS);
        self[0] = new Poll(call, timeout);
        waiting.add(self[0]);
        call.setOnCancelHandler(
            () -> {
              synchronized (lock) {
                waiting.remove(self[0]);
                timeout.cancel(false);
              }
            });
      }
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<Void> observer) {
      record("Heartbeat", request);
      answer(observer, Void.getDefaultInstance());
    }

    @Override
    public void shutdown(ShutdownRequest request, StreamObserver<Void> observer) {
      record("Shutdown", request);
      answer(observer, Void.getDefaultInstance());
    }
  }
}
