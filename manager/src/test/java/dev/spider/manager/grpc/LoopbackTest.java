package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.HostAndPort;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production transport ({@link GrpcCluster#connect}, netty over TCP on 127.0.0.1): whether a
 * failed request may have reached the server — refused connections are {@code NOT_SENT} (a
 * registration may be retried), a connection lost mid-call is {@code MAY_HAVE_ARRIVED} (it must not
 * be) — the inbound message limit, and reconnecting at once after an outage.
 */
final class LoopbackTest {

  /** Well under grpc's first reconnect backoff (1 s, less 20 % jitter). */
  private static final Duration RECONNECTED_WITHIN = Duration.ofMillis(500);

  private static final SessionId SESSION_AFTER_OUTAGE = new SessionId(6);

  @Test
  void aRefusedConnectionIsNotSent() throws Exception {
    HostAndPort closed = closedPort();
    GrpcClusterConfig config =
        new GrpcClusterConfig(
            closed,
            closed,
            1,
            false,
            GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
            GrpcClusterConfig.DEFAULT_INBOUND_MAX_MESSAGE_BYTES,
            Wire.CALL_DEADLINE,
            Wire.REGISTRATION_DEADLINE);
    // A pool never connected up front, so the call itself meets the refusal.
    try (ChannelPool pool =
        ChannelPool.open(
            ChannelOpener.plaintext(config.inboundMaxMessageBytes()), "storage", closed, 1)) {
      GrpcStorageClient storage = new GrpcStorageClient(pool, config);

      TransportException e =
          assertThrows(
              TransportException.class,
              () -> storage.registerTaskInstance(JOB, TaskId.index(1), EM, SESSION));

      assertEquals(TransportException.Arrival.NOT_SENT, e.arrival());
      assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
    }
  }

  @Test
  void aChannelReconnectsAtOnceOnceTheServiceIsBack() throws Exception {
    HostAndPort down = closedPort();
    GrpcClusterConfig config = GrpcClusterConfig.defaults(down, down);
    try (ChannelPool pool =
        ChannelPool.open(
            ChannelOpener.plaintext(config.inboundMaxMessageBytes()), "storage", down, 1)) {
      GrpcLivenessClient liveness = new GrpcLivenessClient(pool, config);

      // The outage: refused, so grpc's reconnect backoff (about 1 s after a first failure,
      // growing up to 120 s) starts, during which calls fail fast without trying to connect.
      TransportException refused =
          assertThrows(TransportException.class, () -> liveness.heartbeat(EM));
      assertEquals(TransportException.Arrival.NOT_SENT, refused.arrival());

      try (FakeCluster fake = FakeCluster.onLoopback(down.getPort())) {
        long back = System.nanoTime();
        Duration took = null;
        // A heartbeat every 20 ms: the backoff reset by a failed one reconnects at once, so
        // at most a call or two fails before one gets through, well before the backoff ends.
        fake.emHeartbeat.reply(
            UpdateExecutionManagerHeartbeatResponse.newBuilder()
                .setSessionId(SESSION_AFTER_OUTAGE.value())
                .build());
        while (took == null) {
          try {
            assertEquals(SESSION_AFTER_OUTAGE, liveness.heartbeat(EM));
            took = Duration.ofNanos(System.nanoTime() - back);
          } catch (TransportException e) {
            assertEquals(TransportException.Arrival.NOT_SENT, e.arrival(), e.getMessage());
            assertTrue(
                System.nanoTime() - back < RECONNECTED_WITHIN.toNanos(),
                "still failing " + RECONNECTED_WITHIN + " after the service came back: " + e);
            Thread.sleep(20);
          }
        }
        assertTrue(took.compareTo(RECONNECTED_WITHIN) < 0, "reconnected after " + took);
      }
    }
  }

  @Test
  void connectingToNothingFailsConnect() throws Exception {
    HostAndPort closed = closedPort();
    GrpcClusterConfig config = GrpcClusterConfig.defaults(closed, closed);

    TransportException e =
        assertThrows(TransportException.class, () -> GrpcCluster.connect(config));

    assertEquals(TransportException.Arrival.NOT_SENT, e.arrival());
    assertTrue(e.getMessage().startsWith("cannot connect to storage at " + closed), e.getMessage());
  }

  @Test
  void aConnectionLostMidCallMayHaveArrived() throws Exception {
    try (FakeCluster fake = FakeCluster.onLoopback();
        TcpProxy network = new TcpProxy(fake.endpoint())) {
      GrpcClusterConfig config = GrpcClusterConfig.defaults(network.endpoint(), network.endpoint());
      try (GrpcCluster cluster = GrpcCluster.connect(config)) {
        fake.registerTask.reply(Wire.graphContext()).hang();
        ExecutionContext first =
            cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION);
        assertEquals(Wire.INSTANCE, first.taskInstanceId(), "the real transport works");
        fake.registerTask.next(EVENT_WAIT);

        CompletableFuture<Throwable> second = new CompletableFuture<>();
        Thread caller =
            new Thread(
                () -> {
                  try {
                    cluster.storage().registerTaskInstance(JOB, TaskId.index(2), EM, SESSION);
                    second.complete(null);
                  } catch (Throwable t) {
                    second.complete(t);
                  }
                },
                "arrival-test-caller");
        caller.start();
        fake.registerTask.next(EVENT_WAIT); // storage has the request...
        network.cut(); // ...and the connection breaks before the reply

        Throwable failure = second.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(failure instanceof TransportException, String.valueOf(failure));
        assertEquals(
            TransportException.Arrival.MAY_HAVE_ARRIVED,
            ((TransportException) failure).arrival(),
            failure.getMessage());
        assertTrue(failure.getMessage().contains("UNAVAILABLE"), failure.getMessage());
        caller.join(EVENT_WAIT.toMillis());
      }
    }
  }

  @Test
  void repliesLargerThanFourMebibytesAreAccepted() throws Exception {
    byte[] inputs = WireFormat.encode(List.of(new byte[5 << 20]));
    try (FakeCluster fake = FakeCluster.onLoopback();
        GrpcCluster cluster =
            GrpcCluster.connect(GrpcClusterConfig.defaults(fake.endpoint(), fake.endpoint()))) {
      fake.registerTask.reply(Wire.context(100, 200, inputs));

      ExecutionContext got =
          cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION);

      assertArrayEquals(inputs, got.serializedInputs());
    }
  }

  @Test
  void aReplyOverTheInboundLimitIsAServerErrorNamingIt() throws Exception {
    try (FakeCluster fake = FakeCluster.onLoopback()) {
      GrpcClusterConfig small =
          new GrpcClusterConfig(
              fake.endpoint(),
              fake.endpoint(),
              1,
              false,
              GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
              1 << 20,
              Wire.CALL_DEADLINE,
              Wire.REGISTRATION_DEADLINE);
      try (GrpcCluster cluster = GrpcCluster.connect(small)) {
        fake.registerTask.reply(
            Wire.context(100, 200, WireFormat.encode(List.of(new byte[2 << 20]))));

        ServerException e =
            assertThrows(
                ServerException.class,
                () -> cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION));

        assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED"), e.getMessage());
        assertTrue(
            e.getMessage().contains("this client takes replies of at most 1048576 bytes (1 MiB)"),
            e.getMessage());
      }
    }
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static HostAndPort closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return HostAndPort.fromParts(socket.getInetAddress().getHostAddress(), socket.getLocalPort());
    }
  }
}
