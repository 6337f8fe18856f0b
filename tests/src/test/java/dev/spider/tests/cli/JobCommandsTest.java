package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    // Ids as Spider spells them: numbers, and serde's TaskId.
    assertTrue(result.get("job_id").isIntegralNumber(), result::toString);
    assertEquals(0, task(result, "fib_a").get("task_id").get("Index").asInt(), result::toString);
    assertEquals("Commit", task(result, "commit").get("task_id").asText());
    // Under --json, stdout is the document alone (it parsed); progress went to stderr.
    assertTrue(cli.err().contains("end_to_end: "), cli::toString);
  }

  @Test
  void progressGoesToStderrOncePerChangeAndEndsAtTheSummarysTotals(@TempDir Path dir)
      throws Exception {
    Path job = dir.resolve("small.json");
    Files.writeString(
        job,
        """
        {"tasks": [
          {"id": "a", "package": "integration_test_tasks", "task": "fibonacci",
           "inputs": [{"type": "int64", "value": 10}], "outputs": ["int64"]},
          {"id": "b", "package": "integration_test_tasks", "task": "always_fail"},
          {"id": "c", "package": "integration_test_tasks", "task": "add",
           "inputs": [{"ref": "a"}, {"ref": "a"}], "outputs": ["int64"]}],
         "on_failure": "continue_independent"}
        """);
    Cli cli = Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, job.toString());
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    assertTrue(cli.out().lines().noneMatch(l -> l.startsWith("small: ")), cli::toString);
    List<String> progress = cli.err().lines().filter(l -> l.startsWith("small: ")).toList();
    assertFalse(progress.isEmpty(), cli::toString);
    for (int i = 1; i < progress.size(); i++) {
      assertNotEquals(progress.get(i - 1), progress.get(i), "printed twice: " + cli);
    }
    String totals =
        cli.out().lines().filter(l -> l.startsWith("totals: ")).findFirst().orElseThrow();
    assertEquals(
        progress.get(progress.size() - 1).substring("small: ".length()),
        totals.substring("totals: ".length()),
        cli::toString);
    assertEquals(
        "2 done, 0 running, 1 failed, 0 skipped or cancelled of 3 tasks", totals.substring(8));
    // A failure says how to see more.
    assertTrue(cli.err().contains("rerun with -v"), cli::toString);
  }

  @Test
  void anOutputCountOtherThanDeclaredIsSaidPlainlyInTheTable(@TempDir Path dir) throws Exception {
    // A native package's signatures are unknown before it runs, so the count is found on report.
    Path job = dir.resolve("count.json");
    Files.writeString(
        job,
        """
        {"tasks": [{"id": "fib", "package": "native_test_tasks", "task": "fibonacci",
          "inputs": [{"type": "uint64", "value": 10}], "outputs": ["int64", "int64"]}]}
        """);
    Cli cli = Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, job.toString());
    assertEquals(Cli.FAILED, cli.status(), cli::toString);
    String row = cli.out().lines().filter(l -> l.startsWith("fib ")).findFirst().orElseThrow();
    assertTrue(
        row.contains("task 'fib' returned 1 output, but the job file declares 2 output(s)"),
        cli::toString);
    assertFalse(cli.err().contains("ERROR"), "not logged as an internal error: " + cli);
  }

  @Test
  void aBadJobFileUnderJsonIsAJsonErrorOnStdout(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("bad.json");
    Files.writeString(job, "{\n  \"tasks\": [\n    {\"id\": \"a\", \"pakage\": \"p\"}]}\n");
    Cli cli =
        Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, "--json", job.toString());
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    JsonNode error = new ObjectMapper().readTree(cli.out()).get("error");
    assertEquals("job_file", error.get("kind").asText(), cli::toString);
    assertEquals(job.toString(), error.get("file").asText());
    assertEquals(3, error.get("line").asInt(), cli::toString);
    assertTrue(error.get("problem").asText().contains("pakage"), cli::toString);
  }

  @Test
  void anEndlessFileAndADeepTypeAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
    Cli zero = Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, "/dev/zero");
    assertEquals(Cli.USAGE, zero.status(), zero::toString);
    assertEquals(1, zero.err().strip().lines().count(), zero::toString);
    assertTrue(zero.err().contains("larger than the limit"), zero::toString);

    Path deep = dir.resolve("deep.json");
    Files.writeString(
        deep,
        "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"outputs\": [\""
            + "list<".repeat(2000)
            + "int64"
            + ">".repeat(2000)
            + "\"]}]}");
    Cli cli = Cli.run("run", "--executor-jar", JAR, "--packages", PACKAGES, deep.toString());
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertEquals(1, cli.err().strip().lines().count(), cli::toString);
    assertTrue(cli.err().contains("nests 2000 types deep"), cli::toString);
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
