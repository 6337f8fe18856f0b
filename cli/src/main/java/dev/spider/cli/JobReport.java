package dev.spider.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Ascii;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.types.TdlValues;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Prints a finished job: a summary table for people, or JSON for programs. Stateless. */
final class JobReport {

  private static final int MAX_CELL = 100;

  private JobReport() {}

  static void printTable(JobResult result, PrintStream out) {
    out.println(
        "job '"
            + result.name()
            + "' "
            + lowerCase(result.state())
            + " in "
            + millis(result.wallTime())
            + result.failure().map(f -> ": " + f).orElse(""));
    Table table = new Table("TASK", "STATUS", "ATTEMPTS", "TIME", "OUTPUTS / LAST FAILURE");
    for (TaskSummary task : result.tasks()) {
      String detail =
          task.lastFailure().isPresent() && task.outputs().isEmpty()
              ? task.lastFailure().get().toString()
              : task.outputs().map(o -> TdlValues.toJson(o).toString()).orElse("");
      table.row(
          task.name(),
          lowerCase(task.status()),
          task.attempts(),
          millis(task.wallTime()),
          clip(detail));
    }
    table.print(out);
  }

  static void printJson(JobResult result, PrintStream out) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("job", result.name());
    root.put("job_id", result.jobId().toString());
    root.put("state", lowerCase(result.state()));
    root.put("wall_time_ms", result.wallTime().toMillis());
    root.put("failure", result.failure().orElse(null));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskSummary task : result.tasks()) {
      ObjectNode t = tasks.addObject();
      t.put("name", task.name());
      t.put("task_id", task.taskId().toString());
      t.put("package", task.function().packageName());
      t.put("task", task.function().taskName());
      t.put("status", lowerCase(task.status()));
      t.put("attempts", task.attempts());
      t.put("time_ms", task.wallTime().toMillis());
      t.set("outputs", task.outputs().map(TdlValues::toJson).orElse(null));
      t.set(
          "last_failure",
          task.lastFailure()
              .<JsonNode>map(
                  f -> {
                    ObjectNode failure = JsonNodeFactory.instance.objectNode();
                    failure.put("class", lowerCase(f.failureClass()));
                    failure.put("message", f.message());
                    return failure;
                  })
              .orElse(null));
    }
    out.println(root.toPrettyString());
  }

  private static String lowerCase(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  /** One line of at most {@value #MAX_CELL} characters, so the table stays readable. */
  private static String clip(String text) {
    return Ascii.truncate(text.replace('\n', ' '), MAX_CELL, "...");
  }
}
