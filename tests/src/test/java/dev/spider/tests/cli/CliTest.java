package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.tdl.TdlError;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The {@code spider} commands against the real executor and the sample packages. */
class CliTest {

  private static final String PACKAGES = TestEnvironment.packagesDir().toString();
  private static final String JAR = TestEnvironment.executorJar().toString();
  private static final String JAR_TASKS = SamplePackages.JAR_TASKS;
  private static final String NATIVE_TASKS = SamplePackages.NATIVE_TASKS;

  @Test
  void execPrintsTheOutputsAsJson() {
    Cli cli =
        Cli.run(
            "exec", "--executor-jar", JAR, "--packages", PACKAGES, JAR_TASKS, "fibonacci", "10");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertEquals("[55]", cli.out().strip());
  }

  @Test
  void execPassesStructuredArgumentsAndPrintsSeveralOutputs() {
    Cli cli =
        Cli.run(
            "exec",
            "--executor-jar",
            JAR,
            "--packages",
            PACKAGES,
            JAR_TASKS,
            "min_max",
            "[5, -3, 12]");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertEquals("[-3,12]", cli.out().strip());
  }

  @Test
  void execRunsNativePackagesWithTheBundledExecutor() {
    Cli cli =
        Cli.run("exec", "--packages", PACKAGES, NATIVE_TASKS, "sleep_and_echo", "[\"/a\", \"/b\"]");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertEquals("[[\"/a\",\"/b\"]]", cli.out().strip());
  }

  @Test
  void aFailingTaskExitsOneWithItsKindAndMessage() {
    Cli cli =
        Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, JAR_TASKS, "always_fail");
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    String kinds =
        ErrorKind.TASK_ERROR.wireName() + " (" + TdlError.Kind.EXECUTION_ERROR.variantName() + ")";
    assertTrue(cli.err().contains(kinds + ": always_fail: intentional failure"), cli::toString);
    assertTrue(cli.err().contains("rerun with -v"), cli::toString);
  }

  @Test
  void aTimeoutExitsOneAndSaysSo() {
    long seconds = 1;
    Cli cli =
        Cli.run(
            "exec",
            "--executor-jar",
            JAR,
            "--packages",
            PACKAGES,
            "--timeout",
            seconds + "s",
            NATIVE_TASKS,
            "spin_forever");
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    assertTrue(
        cli.err().contains("timeout: the task did not finish within " + seconds + " s"),
        cli::toString);
  }

  @Test
  void aCrashExitsOneWithTheStatusAndTheExecutorsLastLines() {
    Cli cli =
        Cli.run("exec", "--executor-jar", JAR, "--packages", PACKAGES, JAR_TASKS, "exit_three");
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    assertTrue(
        cli.err().contains("crash:")
            && cli.err().contains("exit status " + SamplePackages.TASK_EXIT_STATUS),
        cli::toString);
  }

  @Test
  void badJsonIsAUsageError() {
    Cli cli =
        Cli.run(
            "exec", "--executor-jar", JAR, "--packages", PACKAGES, JAR_TASKS, "fibonacci", "{oops");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(cli.err().startsWith("spider: argument 1 is not JSON"), cli::toString);
    assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
  }

  @Test
  void aMissingPackageDirectoryIsAUsageError() {
    Cli cli = Cli.run("exec", "--packages", "/nonexistent/packages", "p", "t");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(
        cli.err().startsWith("spider: package directory /nonexistent/packages"), cli::toString);
    assertTrue(cli.err().contains("does not exist"), cli::toString);
  }

  @Test
  void aBadHeapIsAUsageError() {
    Cli cli =
        Cli.run(
            "exec",
            "--executor-jar",
            JAR,
            "--packages",
            PACKAGES,
            "--heap",
            "lots",
            JAR_TASKS,
            "fibonacci",
            "1");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertEquals(
        "spider: --heap lots is not a heap size: use a value like 512m or 2g", cli.err().strip());
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    Cli cli = Cli.run("exec", "--no-such-flag");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertEquals(
        "spider exec: unknown option '--no-such-flag'\nsee 'spider exec --help' for usage",
        cli.err().strip(),
        cli::toString);
  }

  @Test
  void packagesListsKindsNamesVersionsTasksAndProblems() {
    Cli cli =
        Cli.run(
            "packages",
            "--executor-jar",
            JAR,
            "--packages",
            TestEnvironment.brokenPackagesDir().toString());
    // Broken packages are listed, and make the status 1 (docs/cli.md, "spider packages").
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    assertTrue(cli.out().contains("PackageNameMismatch"), cli::toString);
    assertTrue(cli.out().contains("IncompatibleVersion"), cli::toString);
    Cli good = Cli.run("packages", "--executor-jar", JAR, "--packages", PACKAGES, "--json");
    assertEquals(Cli.SUCCEEDED, good.status(), good::toString);
    assertTrue(good.out().contains("\"name\" : \"" + JAR_TASKS + "\""), good::toString);
    assertTrue(good.out().contains("\"kind\" : \"native\""), good::toString);
    assertTrue(good.out().contains("\"fibonacci\""), good::toString);
  }
}
