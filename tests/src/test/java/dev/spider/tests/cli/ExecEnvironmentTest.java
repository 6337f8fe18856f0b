package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spider exec}: what reaches its executor from the user's environment, through the real
 * {@code spider.jar} (docs/cli.md, "Executors' environment"): nothing but the minimal default
 * unless {@code --env} names it, {@code --env NAME=VALUE} sets it, a named variable that is not set
 * is a warning, {@code --executor-jvm-option} reaches the executor's JVM; and {@code
 * SPIDER_TDL_PACKAGE_DIR} as the package directory when {@code --packages} is not given.
 *
 * <p>integration_test_tasks' init hook fails when {@code SPIDER_TEST_TDL_INIT_SHOULD_FAIL} is set
 * and non-empty: no sample task returns an environment variable, so the hook is what shows whether
 * a variable reached the executor.
 */
class ExecEnvironmentTest {

  private static final String INIT_SHOULD_FAIL = "SPIDER_TEST_TDL_INIT_SHOULD_FAIL";
  private static final String INIT_FAILED = "init failure requested";
  private static final String UNSET = "SPIDER_TEST_NEVER_SET_4711";

  @TempDir Path work;

  private static String packages() {
    return TestEnvironment.packagesDir().toString();
  }

  private Cli fibonacci(Map<String, String> environment, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    System.arraycopy(options, 0, args, 0, options.length);
    args[options.length] = "integration_test_tasks";
    args[options.length + 1] = "fibonacci";
    args[options.length + 2] = "10";
    String[] command = new String[args.length + 1];
    command[0] = "exec";
    System.arraycopy(args, 0, command, 1, args.length);
    return SpiderCommand.jar(work, environment, command);
  }

  @Test
  void theUsersEnvironmentDoesNotReachExecutorsUnlessNamed() throws Exception {
    Map<String, String> env = Map.of(INIT_SHOULD_FAIL, "1");
    Cli unnamed = fibonacci(env, "--packages", packages());
    assertEquals(Cli.SUCCEEDED, unnamed.status(), unnamed::toString);
    assertEquals("[55]", unnamed.out().strip(), unnamed::toString);

    Cli named = fibonacci(env, "--packages", packages(), "--env", INIT_SHOULD_FAIL);
    assertEquals(Cli.FAILED, named.status(), named::toString);
    assertTrue(named.err().contains(INIT_FAILED), named::toString);
  }

  @Test
  void aValueGivenOnTheCommandLineReachesExecutors() throws Exception {
    Cli set =
        fibonacci(
            Map.of(INIT_SHOULD_FAIL, ""),
            "--packages",
            packages(),
            "--env",
            INIT_SHOULD_FAIL + "=yes");
    assertEquals(Cli.FAILED, set.status(), set::toString);
    assertTrue(set.err().contains(INIT_FAILED), set::toString);
  }

  @Test
  void aNamedVariableThatIsNotSetIsAWarning() throws Exception {
    Cli run = fibonacci(Map.of(UNSET, ""), "--packages", packages(), "--env", UNSET);
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    assertTrue(
        run.err().contains("warning: --env " + UNSET + " names a variable that is not set"),
        run::toString);
  }

  @Test
  void extraJvmOptionsReachTheExecutorsJvm() throws Exception {
    Cli run =
        fibonacci(
            Map.of(),
            "--packages",
            packages(),
            "--executor-jvm-option",
            "-XX:+SpiderNoSuchVmOption");
    assertEquals(Cli.FAILED, run.status(), run::toString);
    assertTrue(run.err().contains("SpiderNoSuchVmOption"), run::toString);
  }

  @Test
  void spidersVariableNamesThePackageDirectoryAndTheFlagWinsOverIt() throws Exception {
    Cli fromEnv = fibonacci(Map.of("SPIDER_TDL_PACKAGE_DIR", packages()));
    assertEquals(Cli.SUCCEEDED, fromEnv.status(), fromEnv::toString);
    assertEquals("[55]", fromEnv.out().strip(), fromEnv::toString);

    Path missing = work.resolve("no-such-dir");
    Cli flagWins =
        fibonacci(Map.of("SPIDER_TDL_PACKAGE_DIR", missing.toString()), "--packages", packages());
    assertEquals(Cli.SUCCEEDED, flagWins.status(), flagWins::toString);

    Cli badEnv = fibonacci(Map.of("SPIDER_TDL_PACKAGE_DIR", missing.toString()));
    assertEquals(Cli.USAGE, badEnv.status(), badEnv::toString);
    assertTrue(
        badEnv.err().contains("(from SPIDER_TDL_PACKAGE_DIR) does not exist"), badEnv::toString);

    Cli neither = fibonacci(Map.of("SPIDER_TDL_PACKAGE_DIR", ""));
    assertEquals(Cli.USAGE, neither.status(), neither::toString);
    assertTrue(
        neither.err().contains("--packages DIR or set SPIDER_TDL_PACKAGE_DIR"), neither::toString);
  }

  @Test
  void runAndPackagesTakeThePackageDirectoryFromSpidersVariable() throws Exception {
    Path job = work.resolve("job.json");
    Files.writeString(
        job,
        """
        {"name": "env", "tasks": [{"id": "fib", "package": "integration_test_tasks",
          "task": "fibonacci", "inputs": [{"type": "int64", "value": 10}], "outputs": ["int64"]}]}
        """);
    Map<String, String> env = Map.of("SPIDER_TDL_PACKAGE_DIR", packages());
    Cli run = SpiderCommand.jar(work, env, "run", "--executors", "1", "--json", job.toString());
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    assertTrue(run.out().contains("55"), run::toString);

    Cli listed = SpiderCommand.jar(work, env, "packages");
    assertTrue(listed.out().contains("integration_test_tasks"), listed::toString);
  }
}
