package dev.spider.manager.grpc;

import com.google.common.net.HostAndPort;
import dev.spider.cluster.proto.scheduler.HeartbeatRequest;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerIdRequest;
import dev.spider.cluster.proto.storage.ExecutionManagerLivenessServiceGrpc;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.cluster.proto.storage.TaskInstanceManagementServiceGrpc;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Spider's scheduler, storage task-instance and liveness services as scripted fakes (one {@link
 * Scripted} per RPC), served in-process or over loopback TCP. Both storage and the scheduler are on
 * the one server: the adapters only see services and methods.
 *
 * <p>{@link #close()} stops the server and every channel {@link #opener()} opened that the cluster
 * under test did not close itself.
 */
final class FakeCluster implements AutoCloseable {

  /** How long closing waits for the server and channels. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  static final int SERVER_MAX_INBOUND_BYTES = 64 << 20;

  final Scripted<NextTaskRequest, NextTaskResponse> nextTask = new Scripted<>();
  final Scripted<HeartbeatRequest, dev.spider.cluster.proto.common.Void> schedulerHeartbeat =
      new Scripted<>();
  final Scripted<ShutdownRequest, dev.spider.cluster.proto.common.Void> shutdown = new Scripted<>();
  final Scripted<RegisterTaskInstanceRequest, RegisterTaskInstanceResponse> registerTask =
      new Scripted<>();
  final Scripted<ReportTaskSuccessRequest, dev.spider.cluster.proto.common.Void> reportSuccess =
      new Scripted<>();
  final Scripted<ReportTaskFailureRequest, dev.spider.cluster.proto.common.Void> reportFailure =
      new Scripted<>();
  final Scripted<RegisterExecutionManagerRequest, RegisterExecutionManagerResponse> registerEm =
      new Scripted<>();
  final Scripted<ExecutionManagerIdRequest, UpdateExecutionManagerHeartbeatResponse> emHeartbeat =
      new Scripted<>();

  /** Every channel {@link #opener()} opened, with the service it was opened for. */
  final List<Opened> opened = new CopyOnWriteArrayList<>();

  /** A channel {@link #opener()} opened. */
  record Opened(String service, HostAndPort endpoint, ManagedChannel channel) {}

  private final String name;
  private final Server server;

  private FakeCluster(String name, ServerBuilder<?> builder) {
    this.name = name;
    try {
      this.server =
          builder
              .addService(scheduler())
              .addService(taskInstances())
              .addService(liveness())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake cluster's server", e);
    }
  }

  /** A cluster served in-process. */
  static FakeCluster inProcess() {
    String name = InProcessServerBuilder.generateName();
    return new FakeCluster(
        name,
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .maxInboundMessageSize(SERVER_MAX_INBOUND_BYTES));
  }

  /** A cluster served over TCP on 127.0.0.1, on a free port. */
  static FakeCluster onLoopback() {
    return onLoopback(0);
  }

  /** A cluster served over TCP on 127.0.0.1, on {@code port} (0: a free one). */
  static FakeCluster onLoopback(int port) {
    return new FakeCluster(
        "loopback",
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .directExecutor()
            .maxInboundMessageSize(SERVER_MAX_INBOUND_BYTES));
  }

  /** Where the TCP server listens ({@link #onLoopback()} only). */
  HostAndPort endpoint() {
    InetSocketAddress address = (InetSocketAddress) server.getListenSockets().get(0);
    return HostAndPort.fromParts(address.getAddress().getHostAddress(), address.getPort());
  }

  /** In-process channels to this cluster, whatever endpoint they are asked for. */
  ChannelOpener opener() {
    return (endpoint, service) -> {
      ManagedChannel channel =
          InProcessChannelBuilder.forName(name)
              .directExecutor()
              .maxInboundMessageSize(GrpcClusterConfig.DEFAULT_INBOUND_MAX_MESSAGE_BYTES)
              .build();
      opened.add(new Opened(service, endpoint, channel));
      return channel;
    };
  }

  /**
   * In-process channels as {@link #opener()}'s, each recording its calls in {@code calls} as {@code
   * "service#n Method"}, n counting the channels opened for that service from 0.
   */
  ChannelOpener tracingOpener(List<String> calls) {
    java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    return (endpoint, service) -> {
      String label = service + "#" + (counts.merge(service, 1, Integer::sum) - 1);
      ManagedChannel channel =
          InProcessChannelBuilder.forName(name)
              .directExecutor()
              .intercept(
                  new ClientInterceptor() {
                    @Override
                    public <Q, R> ClientCall<Q, R> interceptCall(
                        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                      calls.add(label + " " + method.getBareMethodName());
                      return next.newCall(method, options);
                    }
                  })
              .build();
      opened.add(new Opened(service, endpoint, channel));
      return channel;
    };
  }

  /** Stops the server at once, failing the calls it holds; waits for it to end. */
  void kill() throws InterruptedException {
    server.shutdownNow();
    if (!server.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("fake server not terminated within " + CLOSE_WAIT);
    }
  }

  /** Stops the server and the test's channels; an interrupt while waiting fails the test. */
  @Override
  public void close() {
    try {
      for (Opened o : opened) {
        o.channel().shutdownNow();
      }
      kill();
      for (Opened o : opened) {
        if (!o.channel().awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("test channel not terminated within " + CLOSE_WAIT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while closing the fake cluster", e);
    }
  }

  private SchedulerServiceGrpc.SchedulerServiceImplBase scheduler() {
    return new SchedulerServiceGrpc.SchedulerServiceImplBase() {
      @Override
      public void nextTask(NextTaskRequest r, StreamObserver<NextTaskResponse> o) {
        nextTask.handle(r, o);
      }

      @Override
      public void heartbeat(
          HeartbeatRequest r, StreamObserver<dev.spider.cluster.proto.common.Void> o) {
        schedulerHeartbeat.handle(r, o);
      }

      @Override
      public void shutdown(
          ShutdownRequest r, StreamObserver<dev.spider.cluster.proto.common.Void> o) {
        shutdown.handle(r, o);
      }
    };
  }

  private TaskInstanceManagementServiceGrpc.TaskInstanceManagementServiceImplBase taskInstances() {
    return new TaskInstanceManagementServiceGrpc.TaskInstanceManagementServiceImplBase() {
      @Override
      public void registerTaskInstance(
          RegisterTaskInstanceRequest r, StreamObserver<RegisterTaskInstanceResponse> o) {
        registerTask.handle(r, o);
      }

      @Override
      public void reportTaskSuccess(
          ReportTaskSuccessRequest r, StreamObserver<dev.spider.cluster.proto.common.Void> o) {
        reportSuccess.handle(r, o);
      }

      @Override
      public void reportTaskFailure(
          ReportTaskFailureRequest r, StreamObserver<dev.spider.cluster.proto.common.Void> o) {
        reportFailure.handle(r, o);
      }
    };
  }

  private ExecutionManagerLivenessServiceGrpc.ExecutionManagerLivenessServiceImplBase liveness() {
    return new ExecutionManagerLivenessServiceGrpc.ExecutionManagerLivenessServiceImplBase() {
      @Override
      public void registerExecutionManager(
          RegisterExecutionManagerRequest r, StreamObserver<RegisterExecutionManagerResponse> o) {
        registerEm.handle(r, o);
      }

      @Override
      public void updateExecutionManagerHeartbeat(
          ExecutionManagerIdRequest r, StreamObserver<UpdateExecutionManagerHeartbeatResponse> o) {
        emHeartbeat.handle(r, o);
      }
    };
  }
}
