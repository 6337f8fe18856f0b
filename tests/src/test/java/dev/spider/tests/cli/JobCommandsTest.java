package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spider run} and {@code spider demo}, end to end through real executors. */
class JobCommandsTest {

  private static final String PACKAGES = TestEnvironment.packagesDir().toString();
  private static final String JAR = TestEnvironment.executorJar().toString();

  private static final String JOB =
      """
      {
        "name": "end_to_end",
        "tasks": [
          {"id": "fib_a", "package": "integration_test_tasks", "task": "fibonacci",
           "inputs": [{"type": "int64", "value": 15}], "outputs": ["int64"]},
          {"id": "fib_b", "package": "native_test_tasks", "task": "fibonacci",
           "inputs": [{"type": "uint64", "value": 16}], "outputs": ["int64"]},
          {"id": "fib_c", "package": "integration_test_tasks", "task": "fibonacci",
           "inputs": [{"type": "int64", "value": 17}], "outputs": ["int64"]},
          {"id": "sum_ab", "package": "integration_test_tasks", "task": "add",
           "inputs": [{"ref": "fib_a", "output": 0}, {"ref": "fib_b"}], "outputs": ["int64"]},
          {"id": "total", "package": "integration_test_tasks", "task": "add",
           "inputs": [{"ref": "sum_ab"}, {"ref": "fib_c"}], "outputs": ["int64"]},
          {"id": "flaky", "package": "integration_test_tasks", "task": "crash_once",
           "max_retries": 1, "outputs": ["string"]},
          {"id": "slow_once", "package": "integration_test_tasks", "task": "hang_once",
           "hard_timeout_seconds": 1, "max_retries": 1, "outputs": ["string"]}
        ],
        "job_outputs": [{"ref": "total"}],
        "commit": {"package": "integration_test_tasks", "task": "context_ids"}
      }
      """;

  @Test
  void aJobFileWithFanOutReferencesARetriedCrashATimeoutAndACommitRuns(@TempDir Path dir)
      throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, JOB);
    Cli cli =
        Cli.run(
            "run",
            "--executor-jar",
            JAR,
            "--packages",
            PACKAGES,
            "--executors",
            "2",
            "--json",
            job.toString());
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    JsonNode result = new ObjectMapper().readTree(cli.out());
    assertEquals("succeeded", result.get("state").asText(), cli::toString);
    assertEquals(610 + 987 + 1597, task(result, "total").get("outputs").get(0).asLong());
    JsonNode flaky = task(result, "flaky");
    assertEquals(2, flaky.get("attempts").asInt(), "the crash was retried");
    assertTrue(
        flaky.get("last_failure").get("message").asText().contains("executor crash"),
        flaky::toString);
    JsonNode slow = task(result, "slow_once");
    assertEquals(2, slow.get("attempts").asInt(), "the timeout was retried");
    assertTrue(
        slow.get("last_failure").get("message").asText().contains("timeout"), slow::toString);
    assertEquals("recovered", slow.get("outputs").get(0).asText());
    assertEquals("succeeded", task(result, "commit").get("status").asText());
  }

  @Test
  void aFailedJobExitsOneWithASummaryTable(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("fails.json");
    Files.writeString(
        job,
        """
        {"tasks": [{"id": "nope", "package": "integration_test_tasks", "task": "always_fail", "max_retries": 3}]}
        """);
    Cli cli =
        Cli.run(
            "run",
            "--executor-jar",
            JAR,
            "--packages",
            PACKAGES,
            "--executors",
            "1",
            job.toString());
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    assertTrue(cli.out().contains("job 'fails' failed"), cli::toString);
    assertTrue(
        cli.out()
            .lines()
            .anyMatch(l -> l.startsWith("nope") && l.contains("failed") && l.contains(" 1 ")),
        cli::toString);
  }

  @Test
  void aBadJobFileIsAUsageErrorNamingThePathAndLine(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("bad.json");
    Files.writeString(
        job,
        "{\n  \"tasks\": [\n    {\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"inputs\": [{\"ref\": \"missing\"}]}\n  ]\n}\n");
    Cli cli = Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, job.toString());
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(cli.err().startsWith("spider: " + job + ":3:"), cli::toString);
    assertTrue(cli.err().contains("missing"), cli::toString);
  }

  @Test
  void theDemoRunsAndExplainsWhatHappened() {
    Cli cli = Cli.run("demo");
    assertEquals(Cli.SUCCEEDED, cli.status(), cli::toString);
    assertTrue(cli.out().contains("total = 710647"), cli::toString);
    assertTrue(cli.out().contains("Everything happened as designed."), cli::toString);
  }

  private static JsonNode task(JsonNode result, String name) {
    for (JsonNode task : result.get("tasks")) {
      if (task.get("name").asText().equals(name)) {
        return task;
      }
    }
    throw new AssertionError("no task " + name + " in " + result);
  }
}
