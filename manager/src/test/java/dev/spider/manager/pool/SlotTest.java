package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SlotTest {

  private static StartupFailure failure(String why) {
    return new StartupFailure(
        new CrashReport(
            "executor-9",
            99,
            why,
            OptionalInt.of(1),
            OptionalInt.empty(),
            List.of("Unrecognized VM option"),
            Optional.empty()));
  }

  @Test
  void failedStartsBackOffFrom100MillisDoublingTo30Seconds() {
    Slot slot = new Slot(0);
    assertFalse(slot.isFailing());
    assertEquals(Duration.ofMillis(100), slot.recordFailure(failure("no Hello")));
    assertEquals(Duration.ofMillis(200), slot.recordFailure(failure("no Hello")));
    assertEquals(Duration.ofMillis(400), slot.recordFailure(failure("no Hello")));
    Duration last = Duration.ZERO;
    for (int i = 0; i < 100; i++) {
      last = slot.recordFailure(failure("no Hello"));
    }
    assertEquals(Duration.ofSeconds(30), last, "capped, and no overflow after many failures");
    assertEquals(103, slot.consecutiveFailures());
    assertTrue(slot.isFailing());
  }

  @Test
  void aStartEndsTheRunOfFailures() {
    Slot slot = new Slot(0);
    slot.recordFailure(failure("no Hello"));
    slot.recordFailure(failure("no Hello"));
    slot.recordStart();
    assertFalse(slot.isFailing());
    assertEquals(Duration.ofMillis(100), slot.recordFailure(failure("no Hello")));
  }

  @Test
  void theLastFailureCarriesItsSummaryAndStderr() {
    Slot slot = new Slot(0);
    assertEquals("none", slot.lastFailure());
    slot.recordFailure(failure("startup failed: no Hello within PT1S"));
    assertTrue(slot.lastFailure().contains("no Hello within PT1S"), slot.lastFailure());
    assertTrue(slot.lastFailure().contains("Unrecognized VM option"), slot.lastFailure());
  }

  @Test
  void aSlotWithoutAnExecutorCannotBeServed() {
    Slot slot = new Slot(3);
    assertEquals(Optional.empty(), slot.executor());
    IllegalStateException e = assertThrows(IllegalStateException.class, slot::current);
    assertTrue(e.getMessage().contains("slot 3"), e.getMessage());
  }
}
