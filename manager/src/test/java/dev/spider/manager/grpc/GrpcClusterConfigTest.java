package dev.spider.manager.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.net.HostAndPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class GrpcClusterConfigTest {

  private static final HostAndPort STORAGE = HostAndPort.fromParts("10.0.0.1", 50051);
  private static final HostAndPort SCHEDULER = HostAndPort.fromParts("10.0.0.2", 50052);

  @Test
  void theDefaultsAreUpstreamsPlusTheJavaSafeguards() {
    GrpcClusterConfig c = GrpcClusterConfig.defaults(STORAGE, SCHEDULER);

    assertEquals(1, c.connectionPoolSize());
    assertFalse(c.interruptAtSoftTimeout(), "upstream ignores the soft timeout");
    assertEquals(4 << 20, c.storageMaxMessageBytes());
    assertEquals(64 << 20, c.inboundMaxMessageBytes());
    assertEquals(Duration.ofSeconds(30), c.callDeadline());
    assertEquals(Duration.ofSeconds(60), c.registrationDeadline());
  }

  @Test
  void endpointsNeedAPort() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpcClusterConfig.defaults(HostAndPort.fromHost("storage"), SCHEDULER));
    assertEquals(
        "storage and scheduler endpoints need a port (HOST:PORT), got storage and 10.0.0.2:50052",
        e.getMessage());
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> config(0, 4 << 20, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> config(1, 1023, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> config(1, 4 << 20, Duration.ZERO));
  }

  private static GrpcClusterConfig config(int pool, int maxBytes, Duration deadline) {
    return new GrpcClusterConfig(
        STORAGE, SCHEDULER, pool, false, maxBytes, 64 << 20, deadline, Duration.ofSeconds(60));
  }
}
