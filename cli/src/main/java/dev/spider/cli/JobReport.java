package dev.spider.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.TaskSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints a finished job: a summary table for people, or JSON for programs. */
final class JobReport {

  private static final int MAX_CELL = 100;

  private JobReport() {}

  static void printTable(JobResult result, PrintStream out) {
    out.println("job '" + result.name() + "' " + result.state().name().toLowerCase(java.util.Locale.ROOT)
        + " in " + millis(result.wallTime()) + result.failure().map(f -> ": " + f).orElse(""));
    Table table = new Table("TASK", "STATUS", "ATTEMPTS", "TIME", "OUTPUTS / LAST FAILURE");
    for (TaskSummary task : result.tasks()) {
      String detail =
          task.lastFailure().isPresent() && task.outputs().isEmpty()
              ? task.lastFailure().get().toString()
              : task.outputs().map(JobReport::json).orElse("");
      table.row(task.name(), task.status().name().toLowerCase(java.util.Locale.ROOT), task.attempts(),
          millis(task.wallTime()), clip(detail));
    }
    table.print(out);
  }

  static void printJson(JobResult result, PrintStream out) {
    ObjectNode root = JsonValues.MAPPER.createObjectNode();
    root.put("job", result.name());
    root.put("job_id", result.jobId().toString());
    root.put("state", result.state().name().toLowerCase(java.util.Locale.ROOT));
    root.put("wall_time_ms", result.wallTime().toMillis());
    root.put("failure", result.failure().orElse(null));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskSummary task : result.tasks()) {
      ObjectNode t = tasks.addObject();
      t.put("name", task.name());
      t.put("task_id", task.taskId().toString());
      t.put("package", task.function().packageName());
      t.put("task", task.function().taskName());
      t.put("status", task.status().name().toLowerCase(java.util.Locale.ROOT));
      t.put("attempts", task.attempts());
      t.put("time_ms", task.wallTime().toMillis());
      t.set("outputs", task.outputs().map(o -> (com.fasterxml.jackson.databind.JsonNode) JsonValues.MAPPER.valueToTree(o))
          .orElse(null));
      t.set("last_failure", task.lastFailure().map(f -> {
        ObjectNode failure = JsonValues.MAPPER.createObjectNode();
        failure.put("class", f.failureClass().name().toLowerCase(java.util.Locale.ROOT));
        failure.put("message", f.message());
        return (com.fasterxml.jackson.databind.JsonNode) failure;
      }).orElse(null));
    }
    out.println(root.toPrettyString());
  }

  private static String json(List<Object> outputs) {
    return JsonValues.MAPPER.valueToTree(outputs).toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  private static String clip(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= MAX_CELL ? line : line.substring(0, MAX_CELL - 3) + "...";
  }
}
