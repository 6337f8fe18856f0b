package dev.spider.cli.graph;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Upstream's validity rules of a task graph, beyond the shape of each record: each problem carries
 * the JSON pointer of the offending field ({@code /tasks/2/input_sources/0/task_idx}), so a reader
 * can say where, and a message saying what is wrong and how to fix it. The rules, in the order they
 * are checked:
 *
 * <ol>
 *   <li>{@code schema_version} is compatible with {@value TaskGraph#SCHEMA_VERSION} (&ge; 0.1.0,
 *       &lt; 0.2.0, no pre-release);
 *   <li>the graph has at least one task (upstream storage refuses an empty graph);
 *   <li>per task, in order: a task with no inputs has {@code input_sources: null}; otherwise
 *       non-null sources are one per input, each an existing output of an <em>earlier</em> task,
 *       whose type equals the input's type.
 * </ol>
 *
 * <p>Timeouts and counts are checked by the records themselves ({@link GraphTimeoutPolicy}, {@link
 * GraphExecutionPolicy}). Stateless and thread-safe.
 */
public final class TaskGraphCheck {

  // Compatible with ">=0.1.0, <0.2.0" as the semver crate reads it: a pre-release never matches,
  // build metadata is ignored.
  private static final Pattern COMPATIBLE =
      Pattern.compile("0\\.1\\.(0|[1-9][0-9]*)(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
              + "(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

  /**
   * One broken rule.
   *
   * @param pointer where in the graph's JSON, e.g. {@code /tasks/2/input_sources/0}
   * @param message what is wrong and how to fix it
   */
  public record Problem(String pointer, String message) {}

  private TaskGraphCheck() {}

  /** The first broken rule of the class comment, if any. */
  public static Optional<Problem> firstProblem(String schemaVersion, List<GraphTask> tasks) {
    Optional<Problem> version = schemaProblem(schemaVersion);
    if (version.isPresent()) {
      return version;
    }
    if (tasks.isEmpty()) {
      return Optional.of(
          new Problem(
              "/tasks", "a task graph needs at least one task (storage refuses an empty graph)"));
    }
    for (int i = 0; i < tasks.size(); i++) {
      Optional<Problem> problem = taskProblem(tasks, i);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** The problem with {@code schema_version} alone, if any: rule 1 of the class comment. */
  static Optional<Problem> schemaProblem(String schemaVersion) {
    if (COMPATIBLE.matcher(schemaVersion).matches()) {
      return Optional.empty();
    }
    String why =
        SEMVER.matcher(schemaVersion).matches()
            ? " is not compatible with this reader (>=0.1.0, <0.2.0)"
            : " is not a semantic version";
    return Optional.of(
        new Problem(
            "/schema_version",
            "schema_version \""
                + schemaVersion
                + "\""
                + why
                + "; write \""
                + TaskGraph.SCHEMA_VERSION
                + "\""));
  }

  private static Optional<Problem> taskProblem(List<GraphTask> tasks, int i) {
    GraphTask task = tasks.get(i);
    if (task.inputSources().isEmpty()) {
      return Optional.empty();
    }
    List<TaskIoIndex> sources = task.inputSources().get();
    String base = "/tasks/" + i;
    if (task.inputs().isEmpty()) {
      return Optional.of(
          new Problem(
              base + "/input_sources",
              "task "
                  + i
                  + " has no inputs, so it takes nothing from other tasks: its input_sources must"
                  + " be null"));
    }
    if (sources.size() != task.inputs().size()) {
      return Optional.of(
          new Problem(
              base + "/input_sources",
              "task "
                  + i
                  + " declares "
                  + task.inputs().size()
                  + " input(s) but "
                  + sources.size()
                  + " input source(s); give one source per input, or null to take every input"
                  + " from the job"));
    }
    for (int j = 0; j < sources.size(); j++) {
      Optional<Problem> problem = sourceProblem(tasks, i, j, sources.get(j));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> sourceProblem(
      List<GraphTask> tasks, int i, int j, TaskIoIndex source) {
    String pointer = "/tasks/" + i + "/input_sources/" + j;
    String what = "input " + j + " of task " + i;
    if (source.taskIdx() >= i) {
      return Optional.of(
          new Problem(
              pointer + "/task_idx",
              what
                  + " takes an output of task "
                  + source.taskIdx()
                  + ", but a task can only take outputs of earlier tasks"
                  + (i == 0 ? " and task 0 has none" : " (0 to " + (i - 1) + ")")
                  + "; list producers before their consumers"));
    }
    List<DataTypeDescriptor> outputs = tasks.get(source.taskIdx()).outputs();
    if (source.position() >= outputs.size()) {
      return Optional.of(
          new Problem(
              pointer + "/position",
              what
                  + " takes output "
                  + source.position()
                  + " of task "
                  + source.taskIdx()
                  + ", which declares "
                  + outputs.size()
                  + " output(s)"
                  + (outputs.isEmpty() ? "" : " (positions 0 to " + (outputs.size() - 1) + ")")));
    }
    DataTypeDescriptor expected = tasks.get(i).inputs().get(j);
    DataTypeDescriptor actual = outputs.get(source.position());
    if (!expected.equals(actual)) {
      return Optional.of(
          new Problem(
              "/tasks/" + i + "/inputs/" + j,
              what
                  + " is declared "
                  + expected
                  + " but its source, output "
                  + source.position()
                  + " of task "
                  + source.taskIdx()
                  + ", is "
                  + actual
                  + "; connected outputs and inputs must declare equal types"));
    }
    return Optional.empty();
  }
}
