package dev.spider.cli.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Upstream Spider's task graph: what {@code RegisterJob} carries (as zstd-compressed JSON, {@link
 * TaskGraphJson}) and what storage runs. Tasks are listed producers first: a task takes its inputs
 * either all from the job or all from outputs of earlier tasks.
 *
 * <ul>
 *   <li>The <b>job inputs</b> are the inputs of the root tasks ({@code input_sources: null}), in
 *       task order, each task's inputs in order: {@link #jobInputs()}.
 *   <li>The <b>job outputs</b> are all outputs of the tasks no other task takes an input from, in
 *       task order: {@link #jobOutputs()}. The commit task receives them; {@code GetJobOutputs}
 *       answers them.
 * </ul>
 *
 * <p>Valid by construction ({@link TaskGraphCheck}). Immutable and thread-safe; the derived lists
 * are computed on each call, in time linear in the graph.
 *
 * @param schemaVersion {@code schema_version}, compatible with {@value #SCHEMA_VERSION}
 * @param tasks {@code tasks}; a task's index is its position here
 * @param commitTask {@code commit_task}: run once every task has succeeded
 * @param cleanupTask {@code cleanup_task}: run when the job fails or is cancelled
 */
public record TaskGraph(
    String schemaVersion,
    List<GraphTask> tasks,
    Optional<GraphTerminationTask> commitTask,
    Optional<GraphTerminationTask> cleanupTask) {

  /** The schema version this project writes. */
  public static final String SCHEMA_VERSION = "0.1.0";

  /**
   * @throws IllegalArgumentException with the first problem {@link TaskGraphCheck} finds
   */
  public TaskGraph {
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    tasks = List.copyOf(tasks);
    Objects.requireNonNull(commitTask, "commitTask");
    Objects.requireNonNull(cleanupTask, "cleanupTask");
    TaskGraphCheck.firstProblem(schemaVersion, tasks)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p.pointer() + ": " + p.message());
            });
  }

  /** A graph of {@code tasks} in the current schema version, without termination tasks. */
  public static TaskGraph of(List<GraphTask> tasks) {
    return new TaskGraph(SCHEMA_VERSION, tasks, Optional.empty(), Optional.empty());
  }

  /** This graph with a commit task. */
  public TaskGraph withCommitTask(GraphTerminationTask task) {
    return new TaskGraph(schemaVersion, tasks, Optional.of(task), cleanupTask);
  }

  /** This graph with a cleanup task. */
  public TaskGraph withCleanupTask(GraphTerminationTask task) {
    return new TaskGraph(schemaVersion, tasks, commitTask, Optional.of(task));
  }

  /**
   * The job inputs, in the order {@code RegisterJob}'s inputs fill them: each names a root task and
   * one of its input positions.
   */
  public List<TaskIoIndex> jobInputs() {
    List<TaskIoIndex> out = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      GraphTask task = tasks.get(i);
      if (task.isRoot()) {
        for (int p = 0; p < task.inputs().size(); p++) {
          out.add(new TaskIoIndex(i, p));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The declared types of {@link #jobInputs()}, in the same order. */
  public List<DataTypeDescriptor> jobInputTypes() {
    return jobInputs().stream()
        .map(in -> tasks.get(in.taskIdx()).inputs().get(in.position()))
        .toList();
  }

  /**
   * The job outputs, in the order the commit task and {@code GetJobOutputs} see them: each names an
   * output task (one without children) and one of its output positions.
   */
  public List<TaskIoIndex> jobOutputs() {
    boolean[] hasChildren = new boolean[tasks.size()];
    for (GraphTask task : tasks) {
      task.inputSources()
          .ifPresent(sources -> sources.forEach(s -> hasChildren[s.taskIdx()] = true));
    }
    List<TaskIoIndex> out = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (!hasChildren[i]) {
        for (int p = 0; p < tasks.get(i).outputs().size(); p++) {
          out.add(new TaskIoIndex(i, p));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The declared types of {@link #jobOutputs()}, in the same order. */
  public List<DataTypeDescriptor> jobOutputTypes() {
    return jobOutputs().stream()
        .map(o -> tasks.get(o.taskIdx()).outputs().get(o.position()))
        .toList();
  }

  /** The tasks task {@code taskIdx} takes inputs from, ascending, each once. */
  public List<Integer> parents(int taskIdx) {
    TreeSet<Integer> parents = new TreeSet<>();
    tasks.get(taskIdx).inputSources().ifPresent(s -> s.forEach(src -> parents.add(src.taskIdx())));
    return List.copyOf(parents);
  }

  /** The tasks taking inputs from task {@code taskIdx}, ascending, each once. */
  public List<Integer> children(int taskIdx) {
    Objects.checkIndex(taskIdx, tasks.size());
    List<Integer> children = new ArrayList<>();
    for (int i = taskIdx + 1; i < tasks.size(); i++) {
      Optional<List<TaskIoIndex>> sources = tasks.get(i).inputSources();
      if (sources.isPresent() && sources.get().stream().anyMatch(s -> s.taskIdx() == taskIdx)) {
        children.add(i);
      }
    }
    return List.copyOf(children);
  }

  /**
   * {@link #children} of every task, by task index, in one pass over the graph's edges: for a
   * caller that needs them all (one call per task would take time quadratic in the graph).
   */
  public List<List<Integer>> childrenByTask() {
    List<TreeSet<Integer>> children = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      children.add(new TreeSet<>());
    }
    for (int i = 0; i < tasks.size(); i++) {
      int child = i;
      tasks
          .get(i)
          .inputSources()
          .ifPresent(s -> s.forEach(src -> children.get(src.taskIdx()).add(child)));
    }
    return children.stream().map(List::copyOf).toList();
  }

  /**
   * The consumers of output {@code output}: every (task, input position) whose source it is, in
   * task order.
   */
  public List<TaskIoIndex> consumers(TaskIoIndex output) {
    List<TaskIoIndex> out = new ArrayList<>();
    for (int i = output.taskIdx() + 1; i < tasks.size(); i++) {
      Optional<List<TaskIoIndex>> sources = tasks.get(i).inputSources();
      if (sources.isPresent()) {
        for (int p = 0; p < sources.get().size(); p++) {
          if (sources.get().get(p).equals(output)) {
            out.add(new TaskIoIndex(i, p));
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
