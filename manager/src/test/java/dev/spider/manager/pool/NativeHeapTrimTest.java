package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executors' JVM options after the canonical flags: defaults, trim, archive, extra options. */
class NativeHeapTrimTest {

  private static final Path OWN_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path dir;

  @Test
  void theManagersOwnJavaGetsTheTrimWhenItKnowsTheOption() {
    assertEquals(ownTrim(), NativeHeapTrim.options(OWN_JAVA, List.of("-Dx=y")));
  }

  @Test
  void anotherJavaOrAnExtraTrimOptionGetsNone() throws Exception {
    Path other = Files.writeString(dir.resolve("java"), "#!/bin/sh\n");
    assertEquals(List.of(), NativeHeapTrim.options(other, List.of()));
    assertEquals(
        List.of(), NativeHeapTrim.options(OWN_JAVA, List.of("-XX:TrimNativeHeapInterval=0")));
    assertEquals(List.of(), NativeHeapTrim.options(dir.resolve("missing"), List.of()));
  }

  @Test
  void defaultsComeFirstThenTheArchiveThenTheExtraOptionsWhichWin() {
    PoolConfig config =
        PoolConfig.builder(dir.resolve("e.jar"), dir)
            .javaBinary(OWN_JAVA)
            .extraJvmOptions(List.of("-Dx=y"))
            .build();
    List<String> expected = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms16m"));
    expected.addAll(ownTrim());
    expected.add("-XX:SharedArchiveFile=/a.jsa");
    expected.add("-Dx=y");
    assertEquals(
        expected, ExecutorLauncher.jvmOptions(config, List.of("-XX:SharedArchiveFile=/a.jsa")));
  }

  /** What this JVM supports, asked the same way the pool asks, so the test holds on any JDK 17. */
  private static List<String> ownTrim() {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption(NativeHeapTrim.OPTION);
      return List.of("-XX:TrimNativeHeapInterval=1000");
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }
}
