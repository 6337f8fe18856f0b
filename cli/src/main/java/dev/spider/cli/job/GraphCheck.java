package dev.spider.cli.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The graph rules of {@link JobSpec}, shared with {@link dev.spider.cli.jobfile.JobFiles}: each
 * problem carries the JSON pointer of the offending field in the job-file layout ({@code
 * /tasks/2/inputs/0/ref}), so the parser can name its line and column. Stateless.
 */
public final class GraphCheck {

  /**
   * One broken rule.
   *
   * @param pointer where in a job file, e.g. {@code /tasks/2/inputs/0/ref}
   * @param message what is wrong and how to fix it
   */
  public record Problem(String pointer, String message) {}

  private GraphCheck() {}

  /** The first broken rule, in this order: ids, references, job outputs, cycles. */
  public static Optional<Problem> firstProblem(
      List<TaskSpec> tasks, Optional<List<OutputRef>> jobOutputs) {
    if (tasks.isEmpty()) {
      return Optional.of(new Problem("/tasks", "a job needs at least one task"));
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      Integer first = index.putIfAbsent(tasks.get(i).id(), i);
      if (first != null) {
        return Optional.of(
            new Problem(
                "/tasks/" + i + "/id",
                "duplicate task id '"
                    + tasks.get(i).id()
                    + "' (task "
                    + first
                    + " has it too); give each task a unique id"));
      }
    }
    for (int i = 0; i < tasks.size(); i++) {
      List<Input> inputs = tasks.get(i).inputs();
      for (int j = 0; j < inputs.size(); j++) {
        if (inputs.get(j) instanceof OutputRef ref) {
          Optional<Problem> problem =
              checkRef(
                  tasks,
                  index,
                  ref,
                  "/tasks/" + i + "/inputs/" + j,
                  "input " + j + " of task '" + tasks.get(i).id() + "'");
          if (problem.isPresent()) {
            return problem;
          }
        }
      }
    }
    if (jobOutputs.isPresent()) {
      List<OutputRef> outputs = jobOutputs.get();
      for (int k = 0; k < outputs.size(); k++) {
        Optional<Problem> problem =
            checkRef(tasks, index, outputs.get(k), "/job_outputs/" + k, "job output " + k);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return findCycle(tasks, index);
  }

  private static Optional<Problem> checkRef(
      List<TaskSpec> tasks,
      Map<String, Integer> index,
      OutputRef ref,
      String pointer,
      String what) {
    Integer producer = index.get(ref.task());
    if (producer == null) {
      return Optional.of(
          new Problem(
              pointer + "/ref",
              what
                  + " references unknown task '"
                  + ref.task()
                  + "'; known tasks: "
                  + tasks.stream().map(TaskSpec::id).collect(Collectors.joining(", "))));
    }
    OptionalInt declared = tasks.get(producer).outputs().count();
    if (declared.isPresent() && ref.output() >= declared.getAsInt()) {
      int count = declared.getAsInt();
      return Optional.of(
          new Problem(
              pointer + "/output",
              what
                  + " references output "
                  + ref.output()
                  + " of task '"
                  + ref.task()
                  + "', which declares "
                  + count
                  + (count == 1 ? " output" : " outputs")
                  + (count == 0 ? "" : " (indexes 0 to " + (count - 1) + ")")));
    }
    return Optional.empty();
  }

  /**
   * Depth-first search, iterative so a long chain cannot overflow the thread's stack; the edge that
   * closes a cycle is reported where its reference is.
   */
  private static Optional<Problem> findCycle(List<TaskSpec> tasks, Map<String, Integer> index) {
    int[] color = new int[tasks.size()]; // 0 unvisited, 1 on the path, 2 done
    int[] nextInput = new int[tasks.size()];
    List<Integer> path = new ArrayList<>();
    for (int start = 0; start < tasks.size(); start++) {
      if (color[start] != 0) {
        continue;
      }
      color[start] = 1;
      path.add(start);
      while (!path.isEmpty()) {
        int task = path.get(path.size() - 1);
        List<Input> inputs = tasks.get(task).inputs();
        if (nextInput[task] == inputs.size()) {
          color[task] = 2;
          path.remove(path.size() - 1);
          continue;
        }
        int j = nextInput[task]++;
        if (!(inputs.get(j) instanceof OutputRef ref)) {
          continue;
        }
        int producer = index.get(ref.task());
        if (color[producer] == 1) {
          return Optional.of(cycleProblem(tasks, path, producer, task, j));
        }
        if (color[producer] == 0) {
          color[producer] = 1;
          path.add(producer);
        }
      }
    }
    return Optional.empty();
  }

  private static Problem cycleProblem(
      List<TaskSpec> tasks, List<Integer> path, int producer, int task, int input) {
    // The path runs from consumers to producers; print the data flow, producer first.
    List<Integer> cycle = path.subList(path.indexOf(producer), path.size());
    List<String> flow = new ArrayList<>();
    for (int k = cycle.size() - 1; k >= 0; k--) {
      flow.add(tasks.get(cycle.get(k)).id());
    }
    flow.add(tasks.get(task).id());
    return new Problem(
        "/tasks/" + task + "/inputs/" + input + "/ref",
        "input "
            + input
            + " of task '"
            + tasks.get(task).id()
            + "' closes a cycle ("
            + String.join(" -> ", flow)
            + "): a task cannot depend, directly or not, on its own outputs");
  }
}
