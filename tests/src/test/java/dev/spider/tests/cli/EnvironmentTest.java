package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches executors from the user's environment, through the real {@code spider.jar}
 * (docs/cli.md, "Executors' environment"): nothing but the minimal default unless {@code --env}
 * names it, {@code --env NAME=VALUE} sets it, a named variable that is not set is a warning, {@code
 * --executor-jvm-option} reaches the executor's JVM; and {@code SPIDER_TDL_PACKAGE_DIR} as the
 * package directory when {@code --packages} is not given, the flag winning over it.
 *
 * <p>integration_test_tasks' init hook fails when {@code SPIDER_TEST_TDL_INIT_SHOULD_FAIL} is set
 * and non-empty: no sample task returns an environment variable, so the hook, which {@code spider
 * packages} runs when it loads the package to describe it, shows whether a variable reached the
 * executor.
 */
class EnvironmentTest {

  private static final String INIT_SHOULD_FAIL = "SPIDER_TEST_TDL_INIT_SHOULD_FAIL";
  private static final String INIT_FAILED = "integration_test_tasks: init failure requested";
  private static final String UNSET = "SPIDER_TEST_NEVER_SET_4711";

  @TempDir Path work;

  private Cli packages(Map<String, String> environment, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "packages";
    args[1] = "--packages";
    args[2] = TestEnvironment.packagesDir().toString();
    System.arraycopy(options, 0, args, 3, options.length);
    return SpiderCommand.jar(work, environment, args);
  }

  private static String printed(Cli cli) {
    return cli.out() + cli.err();
  }

  @Test
  void theUsersEnvironmentDoesNotReachExecutorsUnlessNamed() throws Exception {
    Map<String, String> env = Map.of(INIT_SHOULD_FAIL, "1");
    Cli unnamed = packages(env);
    assertTrue(unnamed.out().contains("integration_test_tasks"), unnamed::toString);
    assertFalse(printed(unnamed).contains(INIT_FAILED), unnamed::toString);

    Cli named = packages(env, "--env", INIT_SHOULD_FAIL);
    assertTrue(printed(named).contains(INIT_FAILED), named::toString);
  }

  @Test
  void aValueGivenOnTheCommandLineReachesExecutors() throws Exception {
    Cli set = packages(Map.of(INIT_SHOULD_FAIL, ""), "--env", INIT_SHOULD_FAIL + "=yes");
    assertTrue(printed(set).contains(INIT_FAILED), set::toString);
  }

  @Test
  void aNamedVariableThatIsNotSetIsAWarningAndNothingElse() throws Exception {
    Cli run = packages(Map.of(UNSET, "", INIT_SHOULD_FAIL, ""), "--env", UNSET);
    assertTrue(
        run.err().contains("warning: --env " + UNSET + " names a variable that is not set"),
        run::toString);
    assertTrue(run.out().contains("integration_test_tasks"), run::toString);
    assertFalse(printed(run).contains(INIT_FAILED), run::toString);
  }

  @Test
  void extraJvmOptionsReachTheExecutorsJvm() throws Exception {
    Cli run = packages(Map.of(), "--executor-jvm-option", "-XX:+SpiderNoSuchVmOption");
    assertEquals(Cli.FAILED, run.status(), run::toString);
    assertTrue(run.err().contains("SpiderNoSuchVmOption"), run::toString);
  }

  @Test
  void aReservedOrMalformedEntryIsAUsageError() throws Exception {
    Cli reserved = packages(Map.of(), "--env", "SPIDER_TDL_PACKAGE_DIR=/elsewhere");
    assertEquals(Cli.USAGE, reserved.status(), reserved::toString);
    assertTrue(reserved.err().contains("set for executors by spider itself"), reserved::toString);
    Cli malformed = packages(Map.of(), "--env", "NOT-A-NAME=1");
    assertEquals(Cli.USAGE, malformed.status(), malformed::toString);
    assertTrue(malformed.err().contains("is not NAME or NAME=VALUE"), malformed::toString);
  }

  @Test
  void spidersVariableNamesThePackageDirectoryAndTheFlagWinsOverIt() throws Exception {
    Path job = work.resolve("job.json");
    Files.writeString(
        job,
        """
        {"name": "env", "tasks": [{"id": "fib", "package": "integration_test_tasks",
          "task": "fibonacci", "inputs": [{"type": "int64", "value": 10}], "outputs": ["int64"]}]}
        """);
    String packages = TestEnvironment.packagesDir().toString();
    String missing = work.resolve("no-such-dir").toString();

    Cli fromEnv =
        SpiderCommand.jar(
            work,
            Map.of("SPIDER_TDL_PACKAGE_DIR", packages),
            "run",
            "--executors",
            "1",
            "--json",
            job.toString());
    assertEquals(Cli.SUCCEEDED, fromEnv.status(), fromEnv::toString);
    assertTrue(fromEnv.out().contains("55"), fromEnv::toString);

    Cli flagWins =
        SpiderCommand.jar(
            work,
            Map.of("SPIDER_TDL_PACKAGE_DIR", missing),
            "run",
            "--packages",
            packages,
            "--executors",
            "1",
            "--json",
            job.toString());
    assertEquals(Cli.SUCCEEDED, flagWins.status(), flagWins::toString);

    Cli badEnv =
        SpiderCommand.jar(
            work, Map.of("SPIDER_TDL_PACKAGE_DIR", missing), "run", "--json", job.toString());
    assertEquals(Cli.USAGE, badEnv.status(), badEnv::toString);
    assertTrue(
        badEnv.err().contains("(from SPIDER_TDL_PACKAGE_DIR) does not exist")
            || badEnv.out().contains("(from SPIDER_TDL_PACKAGE_DIR) does not exist"),
        badEnv::toString);

    Cli neither =
        SpiderCommand.jar(work, Map.of("SPIDER_TDL_PACKAGE_DIR", ""), "run", job.toString());
    assertEquals(Cli.USAGE, neither.status(), neither::toString);
    assertTrue(
        neither.err().contains("--packages DIR or set SPIDER_TDL_PACKAGE_DIR"), neither::toString);
  }
}
