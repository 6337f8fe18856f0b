package dev.spider.manager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

final class TimeoutPolicyTest {

  private static final Duration ONE_S = Duration.ofSeconds(1);
  private static final Duration FIVE_S = Duration.ofSeconds(5);

  private static void assertRejected(Executable build, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
    }
  }

  @Test
  void aSoftTimeoutBeforeTheHardOneIsKept() {
    TimeoutPolicy policy = TimeoutPolicy.of(ONE_S, FIVE_S);
    assertEquals(Optional.of(ONE_S), policy.soft());
    assertEquals(FIVE_S, policy.hard());
  }

  @Test
  void softMayEqualHard() {
    assertEquals(Optional.of(FIVE_S), TimeoutPolicy.of(FIVE_S, FIVE_S).soft());
  }

  @Test
  void theSoftTimeoutIsOptional() {
    TimeoutPolicy policy = TimeoutPolicy.hardOnly(FIVE_S);
    assertEquals(Optional.empty(), policy.soft());
    assertEquals(policy, new TimeoutPolicy(Optional.empty(), FIVE_S));
  }

  @Test
  void softAfterHardIsRejected() {
    assertRejected(() -> TimeoutPolicy.of(FIVE_S, ONE_S), "soft timeout PT5S", "hard timeout PT1S");
    assertRejected(() -> TimeoutPolicy.of(ONE_S.plusNanos(1), ONE_S), "longer than the hard");
  }

  @Test
  void theHardTimeoutMustBePositive() {
    assertRejected(
        () -> TimeoutPolicy.hardOnly(Duration.ZERO), "hard timeout must be positive", "PT0S");
    assertRejected(() -> TimeoutPolicy.hardOnly(Duration.ofMillis(-1)), "hard", "PT-0.001S");
    assertRejected(() -> TimeoutPolicy.of(ONE_S, Duration.ofSeconds(-5)), "hard");
  }

  @Test
  void aPresentSoftTimeoutMustBePositive() {
    assertRejected(() -> TimeoutPolicy.of(Duration.ZERO, FIVE_S), "soft timeout must be positive");
    assertRejected(() -> TimeoutPolicy.of(Duration.ofNanos(-1), FIVE_S), "soft", "PT-0.000000001S");
  }

  @Test
  void nullsAreRefused() {
    assertThrows(NullPointerException.class, () -> new TimeoutPolicy(null, FIVE_S));
    assertThrows(NullPointerException.class, () -> TimeoutPolicy.hardOnly(null));
    assertThrows(NullPointerException.class, () -> TimeoutPolicy.of(null, FIVE_S));
  }
}
