package dev.spider.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Ascii;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.jobfile.JobFileException;
import dev.spider.cli.types.TdlValues;
import dev.spider.tdl.TaskId;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints a finished job: a summary table for people, or JSON for programs (docs/cli.md). The table
 * ends with the totals the progress line counts ({@link ProgressLine#counts}), so the two agree;
 * the JSON spells ids as Spider does: job ids as numbers, task ids as serde writes Spider's {@code
 * TaskId} ({@code {"Index": 0}}, {@code "Commit"}, {@code "Cleanup"}).
 *
 * <p>Stateless.
 */
final class JobReport {

  private static final int MAX_CELL = 160;

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
    Progress totals = totals(result);
    if (totals.total() > 0) {
      out.println("totals: " + ProgressLine.counts(totals));
    }
  }

  /** The graph tasks' counts, as the embedded cluster's progress counts them. */
  static Progress totals(JobResult result) {
    int done = 0;
    int running = 0;
    int failed = 0;
    int skipped = 0;
    int total = 0;
    for (TaskSummary task : result.tasks()) {
      if (!(task.taskId() instanceof TaskId.Index)) {
        continue;
      }
      total++;
      switch (task.status()) {
        case SUCCEEDED -> done++;
        case RUNNING -> running++;
        case FAILED -> failed++;
        case SKIPPED, CANCELLED -> skipped++;
        case WAITING, READY -> {}
      }
    }
    return new Progress(result.state(), done, running, failed, skipped, total);
  }

  /** A failure message in the error JSON {@code spider run --json} prints for a usage error. */
  static void printJsonError(String message, Optional<JobFileException> place, PrintStream out) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("kind", place.isPresent() ? "job_file" : "usage");
    error.put("message", message);
    place.ifPresent(
        p -> {
          error.put("file", p.source());
          if (p.line() > 0) {
            error.put("line", p.line());
            error.put("column", p.column());
          }
          error.put("problem", p.problem());
        });
    out.println(root.toPrettyString());
  }

  /** Spider's spelling of a task id: serde's for the {@code TaskId} enum. */
  static JsonNode taskId(TaskId id) {
    if (id instanceof TaskId.Index index) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.set("Index", unsigned(index.index()));
      return node;
    }
    return JsonNodeFactory.instance.textNode(id.toString());
  }

  private static JsonNode unsigned(long value) {
    return value >= 0
        ? JsonNodeFactory.instance.numberNode(value)
        : JsonNodeFactory.instance.numberNode(new BigInteger(Long.toUnsignedString(value)));
  }

  static void printJson(JobResult result, PrintStream out) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("job", result.name());
    root.set("job_id", unsigned(result.jobId().value()));
    root.put("state", lowerCase(result.state()));
    root.put("wall_time_ms", result.wallTime().toMillis());
    root.put("failure", result.failure().orElse(null));
    root.set("totals", totalsJson(totals(result)));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskSummary task : result.tasks()) {
      ObjectNode t = tasks.addObject();
      t.put("name", task.name());
      t.set("task_id", taskId(task.taskId()));
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

  private static JsonNode totalsJson(Progress totals) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("done", totals.done());
    node.put("running", totals.running());
    node.put("failed", totals.failed());
    node.put("skipped", totals.skipped());
    node.put("total", totals.total());
    return node;
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
