package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.jobfile.JobFileException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.tdl.TaskId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary table's totals, and the JSON's spelling of ids and of errors. */
final class JobReportTest {

  private static final TaskFunction FIB = new TaskFunction("integration_test_tasks", "fibonacci");

  private static TaskSummary task(String name, TaskId id, TaskStatus status) {
    return new TaskSummary(
        name,
        id,
        FIB,
        status,
        1,
        Duration.ofMillis(5),
        status == TaskStatus.SUCCEEDED ? Optional.of(List.<Object>of(5L)) : Optional.empty(),
        status == TaskStatus.FAILED
            ? Optional.of(TaskFailure.deterministic("boom"))
            : Optional.empty());
  }

  /** Job id u64::MAX: printed as the unsigned number it is. */
  private static final JobResult RESULT =
      new JobResult(
          new JobId(-1L),
          "mixed",
          JobState.CANCELLED,
          Duration.ofMillis(40),
          Optional.of("cancelled by SIGINT"),
          List.of(
              task("a", TaskId.index(0), TaskStatus.SUCCEEDED),
              task("b", TaskId.index(1), TaskStatus.FAILED),
              task("c", TaskId.index(2), TaskStatus.CANCELLED),
              task("d", TaskId.index(3), TaskStatus.SKIPPED),
              task("commit", TaskId.COMMIT, TaskStatus.SKIPPED),
              task("cleanup", TaskId.CLEANUP, TaskStatus.SUCCEEDED)));

  private static String printed(java.util.function.Consumer<PrintStream> print) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    print.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTotalsCountTheGraphTasksAsTheProgressLineDoes() {
    String table = printed(out -> JobReport.printTable(RESULT, out));
    assertTrue(
        table.contains("totals: 1 done, 0 running, 1 failed, 2 skipped or cancelled of 4 tasks\n"),
        table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("c ") && l.contains("cancelled")), table);
  }

  @Test
  void jsonSpellsIdsAsSpiderDoes() throws Exception {
    JsonNode root = new ObjectMapper().readTree(printed(out -> JobReport.printJson(RESULT, out)));
    assertTrue(root.get("job_id").isIntegralNumber(), root::toString);
    assertEquals("18446744073709551615", root.get("job_id").asText());
    JsonNode tasks = root.get("tasks");
    assertEquals(1, tasks.get(1).get("task_id").get("Index").asInt(), root::toString);
    assertEquals("Commit", tasks.get(4).get("task_id").asText());
    assertEquals("Cleanup", tasks.get(5).get("task_id").asText());
    assertEquals("cancelled", tasks.get(2).get("status").asText());
    assertEquals(2, root.get("totals").get("skipped").asInt());
  }

  @Test
  void aJobFileErrorAsJsonCarriesItsPlace() throws Exception {
    JobFileException e = new JobFileException("job.json", 3, 7, "unknown field \"x\"");
    JsonNode error =
        new ObjectMapper()
            .readTree(printed(out -> JobReport.printJsonError(e.getMessage(), Optional.of(e), out)))
            .get("error");
    assertEquals("job_file", error.get("kind").asText());
    assertEquals("job.json", error.get("file").asText());
    assertEquals(3, error.get("line").asInt());
    assertEquals(7, error.get("column").asInt());
    assertEquals("unknown field \"x\"", error.get("problem").asText());
  }
}
