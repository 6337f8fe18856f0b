package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code spider run} (docs/cli.md, "Stopping a run"), with real signals to a real
 * {@code spider} process: the running task is interrupted at once and ends, the cleanup task runs,
 * the summary is printed with the task marked cancelled, the exit status is 128 + the signal, and
 * no executor is left.
 */
class StopTest {

  private static final String PACKAGES = TestEnvironment.packagesDir().toString();
  private static final String JAR = TestEnvironment.executorJar().toString();

  /** The nap would last a minute; only the interrupt can end it within the test's deadline. */
  private static final String JOB =
      """
      {"name": "sleepy",
       "tasks": [
         {"id": "nap", "package": "integration_test_tasks", "task": "sleep_honouring_interrupts",
          "inputs": [{"type": "int64", "value": 60000}], "outputs": []},
         {"id": "later", "package": "integration_test_tasks", "task": "fibonacci",
          "inputs": [{"type": "int64", "value": 5}], "outputs": ["int64"]}
       ],
       "cleanup": {"package": "integration_test_tasks", "task": "context_ids"}}
      """;

  /** Far below the nap's minute: the stop's 2 s grace, the cleanup's executor start, and slack. */
  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(25);

  private static final Duration STARTED_WITHIN = Duration.ofSeconds(60);

  @Test
  void sigintCancelsTheJobPrintsTheSummaryAndExits130(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("sleepy.json");
    Files.writeString(job, JOB);
    try (SpiderChild spider = startRun(job, false)) {
      List<ProcessHandle> executors = awaitNapRunning(spider);
      spider.signal("INT");
      spider.awaitErr("SIGINT: cancelling job 'sleepy'", STOPPED_WITHIN);
      assertEquals(130, spider.awaitExit(STOPPED_WITHIN), spider::streams);
      String out = spider.out().text();
      assertTrue(out.contains("job 'sleepy' cancelled"), spider::streams);
      assertTrue(row(spider, "nap").contains("cancelled"), spider::streams);
      assertTrue(row(spider, "cleanup").contains("succeeded"), spider::streams);
      assertNoneLeft(executors, spider);
    }
  }

  @Test
  void sigtermUnderJsonPrintsTheJsonDocumentAndExits143(@TempDir Path dir) throws Exception {
    Path job = dir.resolve("sleepy.json");
    Files.writeString(job, JOB);
    try (SpiderChild spider = startRun(job, true)) {
      List<ProcessHandle> executors = awaitNapRunning(spider);
      spider.signal("TERM");
      assertEquals(143, spider.awaitExit(STOPPED_WITHIN), spider::streams);
      JsonNode result = new ObjectMapper().readTree(spider.out().text());
      assertEquals("cancelled", result.get("state").asText(), spider::streams);
      assertEquals("cancelled by SIGTERM", result.get("failure").asText());
      assertEquals("cancelled", task(result, "nap").get("status").asText());
      assertEquals("succeeded", task(result, "cleanup").get("status").asText());
      assertNoneLeft(executors, spider);
    }
  }

  private static SpiderChild startRun(Path job, boolean json) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("run", "--executor-jar", JAR, "--packages", PACKAGES, "--executors", "2"));
    if (json) {
      args.add("--json");
    }
    args.add(job.toString());
    return SpiderChild.start(args.toArray(String[]::new));
  }

  /** Waits until the nap runs beside the finished "later", and returns the executors alive. */
  private static List<ProcessHandle> awaitNapRunning(SpiderChild spider) throws Exception {
    spider.awaitErr("1 done, 1 running", STARTED_WITHIN);
    List<ProcessHandle> executors = spider.descendants();
    assertFalse(executors.isEmpty(), spider::streams);
    return executors;
  }

  private static void assertNoneLeft(List<ProcessHandle> executors, SpiderChild spider)
      throws InterruptedException {
    for (ProcessHandle executor : executors) {
      try {
        executor.onExit().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError(
            "executor " + executor.pid() + " outlived spider run\n" + spider.streams(), e);
      }
    }
  }

  private static String row(SpiderChild spider, String task) {
    return spider.out().snapshot().stream()
        .filter(line -> line.startsWith(task + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + task + "\n" + spider.streams()));
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
