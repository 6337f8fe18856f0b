package dev.spider.cli.job;

import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.TaskFunction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One task of a job's graph.
 *
 * <p>Immutable.
 *
 * @param id the task's name within the job: {@code [A-Za-z0-9_.-]{1,128}}, not {@code commit} or
 *     {@code cleanup} (the names of the termination tasks in results); references name it
 * @param function the package and task function to run
 * @param inputs the task's inputs in parameter order (the context excluded)
 * @param outputTypes the declared types of the task's outputs, when given: a success must return
 *     exactly these (else storage refuses the report), and results show them decoded by these
 *     types; when absent, outputs are shown decoded generically and references to them are checked
 *     only when the task reports
 * @param policy timeouts and retry budget
 */
public record TaskSpec(
    String id,
    TaskFunction function,
    List<Input> inputs,
    Optional<List<TdlType>> outputTypes,
    ExecutionPolicy policy) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  /**
   * @throws IllegalArgumentException when {@code id} is not a valid task id
   */
  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(function, "function");
    inputs = List.copyOf(inputs);
    outputTypes = Objects.requireNonNull(outputTypes, "outputTypes").map(List::copyOf);
    Objects.requireNonNull(policy, "policy");
    checkId(id)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * A task with the {@linkplain ExecutionPolicy#DEFAULT default policy} and no declared outputs.
   */
  public static TaskSpec of(String id, String packageName, String taskName, Input... inputs) {
    return new TaskSpec(
        id,
        new TaskFunction(packageName, taskName),
        List.of(inputs),
        Optional.empty(),
        ExecutionPolicy.DEFAULT);
  }

  /** This task with declared output types. */
  public TaskSpec withOutputTypes(TdlType... types) {
    return new TaskSpec(id, function, inputs, Optional.of(List.of(types)), policy);
  }

  /** This task with another policy. */
  public TaskSpec withPolicy(ExecutionPolicy executionPolicy) {
    return new TaskSpec(id, function, inputs, outputTypes, executionPolicy);
  }

  /** What is wrong with a task id, if anything. */
  public static Optional<String> checkId(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.of(
          "task id \"" + id + "\" must be 1 to 128 of the characters A-Z a-z 0-9 _ . -");
    }
    if (id.equals(JobSpec.COMMIT_NAME) || id.equals(JobSpec.CLEANUP_NAME)) {
      return Optional.of(
          "task id \"" + id + "\" is reserved for the job's " + id + " task; pick another");
    }
    return Optional.empty();
  }
}
