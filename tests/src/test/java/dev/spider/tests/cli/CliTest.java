package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The {@code spider} commands against the real executor and the sample packages. */
class CliTest {

  private static final String PACKAGES = TestEnvironment.packagesDir().toString();
  private static final String JAR = TestEnvironment.executorJar().toString();

  @Test
  void execPrintsTheOutputsAsJson() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "integration_test_tasks", "fibonacci", "10");
    assertEquals(0, cli.status(), cli::toString);
    assertEquals("[55]", cli.out().strip());
  }

  @Test
  void execPassesStructuredArgumentsAndPrintsSeveralOutputs() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES,
        "integration_test_tasks", "min_max", "[5, -3, 12]");
    assertEquals(0, cli.status(), cli::toString);
    assertEquals("[-3,12]", cli.out().strip());
  }

  @Test
  void execRunsNativePackagesWithTheBundledExecutor() {
    Cli cli = Cli.run("exec", "--packages", PACKAGES, "native_test_tasks", "sleep_and_echo", "[\"/a\", \"/b\"]");
    assertEquals(0, cli.status(), cli::toString);
    assertEquals("[[\"/a\",\"/b\"]]", cli.out().strip());
  }

  @Test
  void aFailingTaskExitsOneWithItsKindAndMessage() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "integration_test_tasks", "always_fail");
    assertEquals(1, cli.status(), cli::toString);
    assertTrue(cli.err().contains("TaskError (ExecutionError): always_fail: intentional failure"), cli::toString);
  }

  @Test
  void aTimeoutExitsOneAndSaysSo() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "--timeout", "1s",
        "native_test_tasks", "spin_forever");
    assertEquals(1, cli.status(), cli::toString);
    assertTrue(cli.err().contains("timeout: the task did not finish within 1 s"), cli::toString);
  }

  @Test
  void aCrashExitsOneWithTheStatusAndTheExecutorsLastLines() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "integration_test_tasks", "exit_three");
    assertEquals(1, cli.status(), cli::toString);
    assertTrue(cli.err().contains("crash:") && cli.err().contains("exit status 3"), cli::toString);
  }

  @Test
  void badJsonIsAUsageError() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "integration_test_tasks", "fibonacci", "{oops");
    assertEquals(2, cli.status(), cli::toString);
    assertTrue(cli.err().startsWith("spider: argument 1 is not JSON"), cli::toString);
    assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
  }

  @Test
  void aMissingPackageDirectoryIsAUsageError() {
    Cli cli = Cli.run("exec", "--packages", "/nonexistent/packages", "p", "t");
    assertEquals(2, cli.status(), cli::toString);
    assertTrue(cli.err().contains("/nonexistent/packages does not exist"), cli::toString);
  }

  @Test
  void aBadHeapIsAUsageError() {
    Cli cli = Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, "--heap", "lots",
        "integration_test_tasks", "fibonacci", "1");
    assertEquals(2, cli.status(), cli::toString);
    assertEquals("spider: --heap lots is not a heap size: use a value like 512m or 2g", cli.err().strip());
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    Cli cli = Cli.run("exec", "--no-such-flag");
    assertEquals(2, cli.status(), cli::toString);
    assertTrue(cli.err().startsWith("spider: "), cli::toString);
  }

  @Test
  void packagesListsKindsNamesVersionsTasksAndProblems() {
    Cli cli = Cli.run("packages", "--executor-jar", JAR, "--packages", TestEnvironment.brokenPackagesDir().toString());
    assertEquals(0, cli.status(), cli::toString);
    assertTrue(cli.out().contains("PackageNameMismatch"), cli::toString);
    assertTrue(cli.out().contains("IncompatibleVersion"), cli::toString);
    Cli good = Cli.run("packages", "--executor-jar", JAR, "--packages", PACKAGES, "--json");
    assertEquals(0, good.status(), good::toString);
    assertTrue(good.out().contains("\"name\" : \"integration_test_tasks\""), good::toString);
    assertTrue(good.out().contains("\"kind\" : \"native\""), good::toString);
    assertTrue(good.out().contains("\"fibonacci\""), good::toString);
  }
}
