package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.INSTANCE;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channels a {@link GrpcCluster} owns: three pools of {@code connectionPoolSize} channels,
 * round-robin per call, connected eagerly, closed by {@link GrpcCluster#close()}.
 */
final class ChannelsTest {

  private final FakeCluster fake = FakeCluster.inProcess();

  @AfterEach
  void close() throws Exception {
    fake.close();
  }

  @Test
  void eachServiceHasItsOwnPoolUsedRoundRobin() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    try (GrpcCluster cluster = GrpcCluster.connect(Wire.config(3), fake.tracingOpener(calls))) {
      assertEquals(9, fake.opened.size(), "3 pools of 3 channels");
      for (int i = 0; i < 4; i++) {
        fake.schedulerHeartbeat.reply(Wire.done());
        cluster.scheduler().heartbeat(EM);
        fake.reportFailure.reply(Wire.done());
        cluster
            .storage()
            .reportTaskFailure(
                JOB, TaskId.index(1), INSTANCE, EM, SESSION, TaskFailure.environmental("x"));
        fake.emHeartbeat.reply(
            dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse
                .getDefaultInstance());
        cluster.liveness().heartbeat(EM);
      }

      assertEquals(
          List.of(
              "scheduler#0 Heartbeat",
              "storage#0 ReportTaskFailure",
              "storage liveness#0 UpdateExecutionManagerHeartbeat",
              "scheduler#1 Heartbeat",
              "storage#1 ReportTaskFailure",
              "storage liveness#1 UpdateExecutionManagerHeartbeat",
              "scheduler#2 Heartbeat",
              "storage#2 ReportTaskFailure",
              "storage liveness#2 UpdateExecutionManagerHeartbeat",
              "scheduler#0 Heartbeat",
              "storage#0 ReportTaskFailure",
              "storage liveness#0 UpdateExecutionManagerHeartbeat"),
          calls);
    }
  }

  @Test
  void poolsGoToTheirServicesEndpoints() throws Exception {
    try (GrpcCluster cluster = GrpcCluster.connect(Wire.config(2), fake.opener())) {
      List<String> opened = new ArrayList<>();
      fake.opened.forEach(o -> opened.add(o.service() + " " + o.endpoint()));
      assertEquals(
          List.of(
              "storage storage.test:50051",
              "storage storage.test:50051",
              "storage liveness storage.test:50051",
              "storage liveness storage.test:50051",
              "scheduler scheduler.test:50052",
              "scheduler scheduler.test:50052"),
          opened);
      assertSame(cluster.storage(), cluster.storage());
      assertSame(cluster.scheduler(), cluster.scheduler());
      assertSame(cluster.liveness(), cluster.liveness());
    }
  }

  @Test
  void everyChannelIsConnectedBeforeConnectReturns() throws Exception {
    GrpcCluster cluster = GrpcCluster.connect(Wire.config(2), fake.opener());
    try {
      assertEquals(6, fake.opened.size());
      for (FakeCluster.Opened o : fake.opened) {
        assertEquals(io.grpc.ConnectivityState.READY, o.channel().getState(false), o.service());
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void anUnreachableServiceFailsConnectAndClosesWhatWasOpened() {
    List<ManagedChannel> opened = new CopyOnWriteArrayList<>();
    String nobody = InProcessServerBuilder.generateName(); // no server by that name
    ChannelOpener toNobody =
        (endpoint, service) -> {
          ManagedChannel channel = InProcessChannelBuilder.forName(nobody).directExecutor().build();
          opened.add(channel);
          return channel;
        };

    TransportException e =
        assertThrows(TransportException.class, () -> GrpcCluster.connect(Wire.config(2), toNobody));

    assertTrue(
        e.getMessage().startsWith("cannot connect to storage at storage.test:50051"),
        e.getMessage());
    assertEquals(TransportException.Arrival.NOT_SENT, e.arrival());
    assertEquals(6, opened.size());
    assertTrue(opened.stream().allMatch(ManagedChannel::isShutdown), "all closed again");
  }

  @Test
  void closeShutsEveryChannelAndLaterCallsFailUnsent() throws Exception {
    GrpcCluster cluster = GrpcCluster.connect(Wire.config(2), fake.opener());

    cluster.close();
    cluster.close(); // idempotent

    for (FakeCluster.Opened o : fake.opened) {
      assertTrue(o.channel().isTerminated(), o.service() + " terminated");
    }
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> cluster.liveness().register(InetAddress.getLoopbackAddress()));
    assertEquals(TransportException.Arrival.NOT_SENT, e.arrival());
    assertEquals(0, fake.registerEm.pending());
  }

  @Test
  void closeEndsACallInFlightAfterABoundedWait() throws Exception {
    GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener());
    fake.reportFailure.hang();
    CompletableFuture<Throwable> call = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                cluster
                    .storage()
                    .reportTaskFailure(
                        JOB,
                        TaskId.index(1),
                        INSTANCE,
                        EM,
                        SESSION,
                        TaskFailure.environmental("x"));
                call.complete(null);
              } catch (Throwable t) {
                call.complete(t);
              }
            },
            "channels-test-caller");
    caller.start();
    assertTrue(fake.reportFailure.awaitCall(EVENT_WAIT), "the call reached the server");

    long start = System.nanoTime();
    cluster.close();

    Throwable failure = call.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(failure instanceof TransportException, String.valueOf(failure));
    assertEquals(
        TransportException.Arrival.MAY_HAVE_ARRIVED, ((TransportException) failure).arrival());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(15)) < 0,
        "close is bounded");
    caller.join(EVENT_WAIT.toMillis());
  }
}
