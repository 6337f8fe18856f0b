package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code NAME} and {@code NAME=VALUE} entries, as {@code --env} and {@code jvm.env} take them. */
final class PassedEnvironmentTest {

  @Test
  void namesAreInheritedAndAssignmentsSetAndTheLastEntryForANameWins() {
    PassedEnvironment env = PassedEnvironment.parse(List.of("A", "B=1", "C=x=y", "D=", "B", "A=2"));
    assertEquals(List.of("B"), env.inherited());
    assertEquals(Map.of("C", "x=y", "D", "", "A", "2"), env.set());
  }

  @Test
  void unsetNamesAreReported() {
    PassedEnvironment env = PassedEnvironment.parse(List.of("HERE", "GONE", "SET=1"));
    assertEquals(List.of("GONE"), env.unset(name -> name.equals("HERE") ? "x" : null));
  }

  @Test
  void malformedAndReservedEntriesAreRefusedNamingThem() {
    for (String entry : List.of("", "=x", "1A", "A-B=c", "A B")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> PassedEnvironment.parse(List.of(entry)));
      assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }
    for (String entry : List.of("SPIDER_TDL_PACKAGE_DIR=/x", "SPIDER_MAX_FRAME_BYTES")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> PassedEnvironment.parse(List.of(entry)));
      assertTrue(e.getMessage().contains("set for executors by spider itself"), e.getMessage());
    }
  }
}
