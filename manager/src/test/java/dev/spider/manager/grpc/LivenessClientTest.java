package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cluster.proto.storage.ExecutionManagerRegistration;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse;
import dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GrpcLivenessClient} against a fake storage: the address it sends, what it reads back. */
final class LivenessClientTest {

  private final FakeCluster fake = FakeCluster.inProcess();
  private final GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener());

  LivenessClientTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    cluster.close();
    fake.close();
  }

  @Test
  void registrationSendsTheIpLiteralAndReadsIdAndSession() throws Exception {
    fake.registerEm.reply(registration(-1L, -2L));

    assertEquals(
        new Registration(new ExecutionManagerId(-1L), new SessionId(-2L)),
        cluster.liveness().register(InetAddress.getByName("0.0.0.0")));

    assertEquals("0.0.0.0", fake.registerEm.next(EVENT_WAIT).request().getIpAddress());
  }

  @Test
  void aScopedIpv6AddressGoesOutWithoutItsScope() throws Exception {
    fake.registerEm.reply(registration(1, 1));
    InetAddress scoped =
        Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

    cluster.liveness().register(scoped);

    assertTrue(scoped.getHostAddress().contains("%"), "the JDK writes the scope");
    assertEquals("fe80:0:0:0:0:0:0:1", fake.registerEm.next(EVENT_WAIT).request().getIpAddress());
  }

  @Test
  void aRegistrationReplyWithoutItsRegistrationIsATransportError() {
    fake.registerEm.reply(RegisterExecutionManagerResponse.getDefaultInstance());

    TransportException e =
        assertThrows(
            TransportException.class,
            () -> cluster.liveness().register(InetAddress.getLoopbackAddress()));

    assertTrue(e.getMessage().contains("register(127.0.0.1): malformed reply"), e.getMessage());
  }

  @Test
  void aHeartbeatReturnsStoragesSession() throws Exception {
    fake.emHeartbeat.reply(
        UpdateExecutionManagerHeartbeatResponse.newBuilder().setSessionId(-1L).build());

    assertEquals(new SessionId(-1L), cluster.liveness().heartbeat(EM));

    assertEquals(EM.value(), fake.emHeartbeat.next(EVENT_WAIT).request().getExecutionManagerId());
  }

  private static RegisterExecutionManagerResponse registration(long emId, long sessionId) {
    return RegisterExecutionManagerResponse.newBuilder()
        .setRegistration(
            ExecutionManagerRegistration.newBuilder()
                .setExecutionManagerId(emId)
                .setSessionId(sessionId))
        .build();
  }
}
