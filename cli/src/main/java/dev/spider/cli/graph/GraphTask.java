package dev.spider.cli.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of upstream's task graph (upstream's {@code TaskDescriptor}): the function it runs, its
 * policy, the types of its inputs and outputs, and where its inputs come from — <em>all</em> from
 * the job ({@code input_sources: null}: a root task, whose inputs are job inputs) or <em>all</em>
 * from outputs of earlier tasks, one source per input. {@link TaskGraphCheck} holds the rules that
 * span tasks.
 *
 * <p>Immutable.
 *
 * @param tdlContext {@code tdl_context}
 * @param executionPolicy {@code execution_policy}, when the JSON gives one; see {@link
 *     #effectivePolicy()}
 * @param inputs {@code inputs}: the input types in parameter order
 * @param outputs {@code outputs}: the output types in order; a success must return exactly this
 *     many outputs
 * @param inputSources {@code input_sources}: empty for a root task
 */
public record GraphTask(
    TdlContext tdlContext,
    Optional<GraphExecutionPolicy> executionPolicy,
    List<DataTypeDescriptor> inputs,
    List<DataTypeDescriptor> outputs,
    Optional<List<TaskIoIndex>> inputSources) {

  public GraphTask {
    Objects.requireNonNull(tdlContext, "tdlContext");
    Objects.requireNonNull(executionPolicy, "executionPolicy");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    inputSources = Objects.requireNonNull(inputSources, "inputSources").map(List::copyOf);
  }

  /** A root task (inputs from the job) with upstream's default policy left implicit. */
  public static GraphTask root(
      TdlContext context, List<DataTypeDescriptor> inputs, List<DataTypeDescriptor> outputs) {
    return new GraphTask(context, Optional.empty(), inputs, outputs, Optional.empty());
  }

  /** A task taking every input from {@code sources}, with upstream's default policy implicit. */
  public static GraphTask fed(
      TdlContext context,
      List<DataTypeDescriptor> inputs,
      List<DataTypeDescriptor> outputs,
      List<TaskIoIndex> sources) {
    return new GraphTask(context, Optional.empty(), inputs, outputs, Optional.of(sources));
  }

  /** This task with an explicit policy. */
  public GraphTask withPolicy(GraphExecutionPolicy policy) {
    return new GraphTask(tdlContext, Optional.of(policy), inputs, outputs, inputSources);
  }

  /** The policy storage applies: the given one, else {@link GraphExecutionPolicy#DEFAULT}. */
  public GraphExecutionPolicy effectivePolicy() {
    return executionPolicy.orElse(GraphExecutionPolicy.DEFAULT);
  }

  /** Whether the task takes its inputs from the job ({@code input_sources: null}). */
  public boolean isRoot() {
    return inputSources.isEmpty();
  }
}
