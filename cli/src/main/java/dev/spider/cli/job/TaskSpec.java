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
 * @param outputs what the task declares about its outputs, and so what storage checks when it
 *     reports success (see {@link OutputDeclaration}); results show outputs decoded by their
 *     declared {@linkplain #outputTypes() types}, generically otherwise
 * @param policy timeouts and retry budget
 */
public record TaskSpec(
    String id,
    TaskFunction function,
    List<Input> inputs,
    OutputDeclaration outputs,
    ExecutionPolicy policy) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  /**
   * @throws IllegalArgumentException when {@code id} is not a valid task id
   */
  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(function, "function");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(policy, "policy");
    checkId(id)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /**
   * A task whose outputs are declared by TDL types, or not at all.
   *
   * @param outputTypes the declared types of the task's outputs, when given: a success must return
   *     exactly these (else storage refuses the report); when absent, references to its outputs are
   *     checked only when the task reports
   * @throws IllegalArgumentException when {@code id} is not a valid task id
   */
  public TaskSpec(
      String id,
      TaskFunction function,
      List<Input> inputs,
      Optional<List<TdlType>> outputTypes,
      ExecutionPolicy policy) {
    this(
        id,
        function,
        inputs,
        Objects.requireNonNull(outputTypes, "outputTypes")
            .<OutputDeclaration>map(OutputDeclaration.Typed::new)
            .orElse(OutputDeclaration.UNDECLARED),
        policy);
  }

  /**
   * A task with the {@linkplain ExecutionPolicy#DEFAULT default policy} and no declared outputs.
   */
  public static TaskSpec of(String id, String packageName, String taskName, Input... inputs) {
    return new TaskSpec(
        id,
        new TaskFunction(packageName, taskName),
        List.of(inputs),
        OutputDeclaration.UNDECLARED,
        ExecutionPolicy.DEFAULT);
  }

  /** The declared TDL types of the task's outputs; empty unless they are {@code Typed}. */
  public Optional<List<TdlType>> outputTypes() {
    return outputs instanceof OutputDeclaration.Typed typed
        ? Optional.of(typed.types())
        : Optional.empty();
  }

  /** This task with declared output types. */
  public TaskSpec withOutputTypes(TdlType... types) {
    return withOutputs(new OutputDeclaration.Typed(List.of(types)));
  }

  /** This task with another output declaration. */
  public TaskSpec withOutputs(OutputDeclaration declaration) {
    return new TaskSpec(id, function, inputs, declaration, policy);
  }

  /** This task with another policy. */
  public TaskSpec withPolicy(ExecutionPolicy executionPolicy) {
    return new TaskSpec(id, function, inputs, outputs, executionPolicy);
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
