package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.process.CanonicalCommandLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

  @Test
  void theCanonicalFlagsAreAlwaysThereAndExtraOptionsComeAfterThem() {
    List<String> command =
        CanonicalCommandLine.of(
            Path.of("/jdk/bin/java"),
            "256m",
            Path.of("/crash"),
            List.of("-Dx=y"),
            Path.of("/e.jar"));
    assertEquals(
        List.of(
            "/jdk/bin/java",
            "-XX:+DisplayVMOutputToStderr",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:ErrorFile=/crash/hs_err_pid%p.log",
            "-Xmx256m",
            "-Dx=y",
            "-cp",
            "/e.jar",
            "dev.spider.executor.ExecutorMain"),
        command);
  }

  @Test
  void timeoutsValidateTheirDurations() {
    assertThrows(IllegalArgumentException.class, () -> Timeouts.hard(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> Timeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertEquals(
        Duration.ofSeconds(1),
        Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(2)).soft().orElseThrow());
  }

  @Test
  void configRejectsNonsenseWithTheValueInTheMessage() {
    PoolConfig.Builder b = PoolConfig.builder(Path.of("e.jar"), Path.of("pkgs"));
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> b.size(0).build());
    assertTrue(size.getMessage().contains("0"), size.getMessage());
    IllegalArgumentException heap =
        assertThrows(IllegalArgumentException.class, () -> b.size(1).heap("lots").build());
    assertTrue(heap.getMessage().contains("lots"), heap.getMessage());
    // One definition of a heap size with the command line's: a size the command line cannot read
    // (13 digits, or more bytes than a long holds) is refused here, not at the first spawn.
    for (String huge : List.of("9999999999999m", "999999999999g")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> b.heap(huge).build());
      assertTrue(e.getMessage().contains(huge), e.getMessage());
    }
    assertEquals("999999999999m", b.heap("999999999999m").build().heap());
    assertThrows(IllegalArgumentException.class, () -> b.heap("1g").maxTasksPerExecutor(0).build());
  }

  @Test
  void sparesDefaultToOneAndAreBoundedByThePoolSize() {
    PoolConfig.Builder b = PoolConfig.builder(Path.of("e.jar"), Path.of("pkgs")).size(2);
    assertEquals(1, b.build().spares());
    assertEquals(0, b.spares(0).build().spares(), "0 disables spares");
    assertEquals(2, b.spares(2).build().spares());
    IllegalArgumentException tooMany =
        assertThrows(IllegalArgumentException.class, () -> b.spares(3).build());
    assertTrue(tooMany.getMessage().contains("got 3"), tooMany.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.spares(-1).build());
  }

  @Test
  void extraJvmOptionsCannotUndoTheCanonicalFlags() {
    PoolConfig.Builder b = PoolConfig.builder(Path.of("e.jar"), Path.of("pkgs")).size(1);
    for (String option :
        List.of(
            "-Xlog:gc",
            "-Xlog:gc:stdout",
            "-XX:-DisplayVMOutputToStderr",
            "-XX:-ExitOnOutOfMemoryError",
            "-XX:ErrorFile=hs.log",
            "-verbose:class")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> b.extraJvmOptions(List.of(option)).build(),
              option);
      assertTrue(e.getMessage().contains(option), e.getMessage());
    }
    assertEquals(
        List.of("-Xlog:gc:stderr", "-Dx=y", "-XX:+UseSerialGC"),
        b.extraJvmOptions(List.of("-Xlog:gc:stderr", "-Dx=y", "-XX:+UseSerialGC"))
            .build()
            .extraJvmOptions());
  }

  @Test
  void crashReportsNameTheSignalAndTheMeaningOfExitStatuses() {
    CrashReport signal =
        new CrashReport(
            "executor-1",
            42,
            "process exited",
            java.util.OptionalInt.of(134),
            java.util.OptionalInt.of(6),
            List.of(),
            java.util.Optional.empty());
    assertTrue(signal.summary().contains("signal 6 (SIGABRT)"), signal.summary());
    CrashReport oom =
        new CrashReport(
            "executor-1",
            42,
            "process exited",
            java.util.OptionalInt.of(3),
            java.util.OptionalInt.empty(),
            List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
            java.util.Optional.of(Path.of("/c/hs_err_pid42.log")));
    assertTrue(oom.summary().contains("heap exhausted"), oom.summary());
    assertTrue(oom.summary().contains("/c/hs_err_pid42.log"), oom.summary());
  }
}
