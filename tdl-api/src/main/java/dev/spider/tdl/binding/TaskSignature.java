package dev.spider.tdl.binding;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A task's inputs (the context excluded) and outputs as a user spells them, e.g. {@code (int64,
 * int64) -> (int64)}; see {@link TdlTypeNames}.
 *
 * <p>Immutable.
 *
 * @param inputs the input types in parameter order
 * @param outputs the output types in order; empty for a {@code void} task
 */
public record TaskSignature(List<TypeSpelling> inputs, List<TypeSpelling> outputs) {

  public TaskSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** {@code (int64, int64) -> (int64)}, for people. */
  @Override
  public String toString() {
    return join(inputs) + " -> " + join(outputs);
  }

  private static String join(List<TypeSpelling> types) {
    return types.stream().map(TypeSpelling::display).collect(Collectors.joining(", ", "(", ")"));
  }
}
