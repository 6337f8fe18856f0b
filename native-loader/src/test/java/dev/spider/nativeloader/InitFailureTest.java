package dev.spider.nativeloader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * native_test_tasks' init hook fails when SPIDER_TEST_TDL_INIT_SHOULD_FAIL is set: checked in a
 * child JVM, since a JVM cannot change its own environment.
 */
class InitFailureTest {

  @TempDir Path temp;

  private String probe(boolean initShouldFail) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stdout = temp.resolve("stdout-" + initShouldFail + ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dspider.natives.dir=" + Natives.dir(),
                    InitFailureProbe.class.getName(),
                    Natives.samplePackage("native_test_tasks").toString(),
                    "native_test_tasks"))
            .redirectOutput(stdout.toFile())
            .redirectError(temp.resolve("stderr-" + initShouldFail + ".txt").toFile());
    builder.environment().remove("SPIDER_TEST_TDL_INIT_SHOULD_FAIL");
    if (initShouldFail) {
      builder.environment().put("SPIDER_TEST_TDL_INIT_SHOULD_FAIL", "1");
    }
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe JVM did not finish within 60 s");
    }
    assertEquals(
        0,
        process.exitValue(),
        () -> "probe failed: " + readQuietly(temp.resolve("stderr-" + initShouldFail + ".txt")));
    return Files.readString(stdout, StandardCharsets.UTF_8).strip();
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  @Test
  void initFailureIsAPackageInitErrorCarryingTheExecutionError() throws Exception {
    assertEquals(
        "PACKAGE_INIT_ERROR|ExecutionError|native_test_tasks: init failure requested", probe(true));
  }

  @Test
  void withoutTheVariableTheSamePackageLoads() throws Exception {
    assertEquals("loaded native_test_tasks", probe(false));
  }
}
