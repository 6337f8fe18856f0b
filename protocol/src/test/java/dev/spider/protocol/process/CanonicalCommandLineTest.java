package dev.spider.protocol.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The executors' default JVM options (docs/frame-protocol.md, "Running an executor"). */
class CanonicalCommandLineTest {

  @Test
  void executorsGetTheSerialCollectorAndASmallInitialHeap() {
    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xms16m"),
        CanonicalCommandLine.defaultOptions("512m", List.of()));
    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xms16m"),
        CanonicalCommandLine.defaultOptions("2g", List.of("-Dx=y")));
  }

  @Test
  void aHeapSmallerThanTheInitialHeapIsTheInitialHeap() {
    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xms8m"),
        CanonicalCommandLine.defaultOptions("8m", List.of()));
    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xms4096k"),
        CanonicalCommandLine.defaultOptions("4096k", List.of()));
    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xms16m"),
        CanonicalCommandLine.defaultOptions("16777216", List.of()));
  }

  @Test
  void extraOptionsThatChooseACollectorOrAnInitialHeapReplaceTheDefaults() {
    assertEquals(
        List.of("-Xms16m"), CanonicalCommandLine.defaultOptions("512m", List.of("-XX:+UseG1GC")));
    assertEquals(
        List.of("-Xms16m"),
        CanonicalCommandLine.defaultOptions("512m", List.of("-XX:+UseParallelGC")));
    assertEquals(
        List.of("-XX:+UseSerialGC"),
        CanonicalCommandLine.defaultOptions("512m", List.of("-Xms256m")));
    assertEquals(
        List.of(),
        CanonicalCommandLine.defaultOptions(
            "512m", List.of("-XX:InitialHeapSize=64m", "-XX:+UseZGC")));
  }

  @Test
  void sizesAreReadAsTheJvmReadsThem() {
    assertEquals(512L << 20, CanonicalCommandLine.bytes("512m"));
    assertEquals(2L << 30, CanonicalCommandLine.bytes("2G"));
    assertEquals(64L << 10, CanonicalCommandLine.bytes("64k"));
    assertEquals(1000L, CanonicalCommandLine.bytes("1000"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> CanonicalCommandLine.bytes("lots"));
    assertTrue(bad.getMessage().contains("lots"), bad.getMessage());
    assertTrue(CanonicalCommandLine.isHeapSize("999999999999m"));
    assertEquals(Long.MAX_VALUE - (1L << 30) + 1, CanonicalCommandLine.bytes("8589934591g"));
    for (String notASize :
        List.of("", "m", "1.5g", "-1m", "1t", "1mm", " 1m", "9999999999999", "8589934592g")) {
      assertFalse(CanonicalCommandLine.isHeapSize(notASize), notASize);
      assertThrows(IllegalArgumentException.class, () -> CanonicalCommandLine.bytes(notASize));
    }
  }

  @Test
  void theFixedFlagsKeepTheJvmOffStdoutAndTheDefaultsDoNotUndoThem() {
    assertTrue(CanonicalCommandLine.FIXED_FLAGS.contains("-XX:+DisplayVMOutputToStderr"));
    for (String option : CanonicalCommandLine.defaultOptions("512m", List.of())) {
      assertTrue(!CanonicalCommandLine.undoesFixedFlags(option), option);
    }
  }
}
