package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Backoff}, {@link RetryPolicy} and {@link RuntimeConfig}: values and their checks. */
final class SettingsTest {

  @Test
  void backoffDoublesUpToItsMaximum() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    assertEquals(Duration.ofMillis(100), backoff.delayAfter(1));
    assertEquals(Duration.ofMillis(200), backoff.delayAfter(2));
    assertEquals(Duration.ofMillis(400), backoff.delayAfter(3));
    assertEquals(Duration.ofMillis(500), backoff.delayAfter(4));
    assertEquals(Duration.ofMillis(500), backoff.delayAfter(Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> backoff.delayAfter(0));
  }

  @Test
  void backoffAndRetryPolicyRefuseNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    Backoff fine = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, fine));
  }

  @Test
  void theDefaultsAreWhatTheBuilderDocuments() {
    RuntimeConfig config = RuntimeConfig.defaults(ADDRESS);

    assertEquals(ADDRESS, config.advertisedAddress());
    assertEquals(Duration.ofSeconds(5), config.pollWait());
    assertEquals(Duration.ofSeconds(5), config.livenessInterval());
    assertEquals(Duration.ofSeconds(5), config.schedulerHeartbeatInterval());
    assertEquals(Duration.ofSeconds(2), config.sessionRefreshWait());
    assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
    assertEquals(Duration.ofSeconds(10), config.reportDrainTimeout());
    assertEquals(5, config.registration().maxAttempts());
    assertEquals(5, config.taskRegistration().maxAttempts());
    assertEquals(5, config.reports().maxAttempts());
    assertEquals(Duration.ofMillis(100), config.polling().initial());
  }

  @Test
  void theConfigRefusesDurationsThatCannotWork() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuntimeConfig.builder(ADDRESS).pollWait(Duration.ZERO).build());
    assertTrue(e.getMessage().contains("poll wait"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RuntimeConfig.builder(ADDRESS).livenessInterval(Duration.ofSeconds(-1)).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RuntimeConfig.builder(ADDRESS).shutdownGrace(Duration.ofSeconds(-1)).build());
    assertEquals(
        Duration.ZERO,
        RuntimeConfig.builder(ADDRESS).shutdownGrace(Duration.ZERO).build().shutdownGrace());
    assertThrows(NullPointerException.class, () -> RuntimeConfig.builder(null).build());
  }
}
