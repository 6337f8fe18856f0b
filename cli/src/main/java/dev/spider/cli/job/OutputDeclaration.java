package dev.spider.cli.job;

import dev.spider.cli.types.TdlType;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a graph task declares about its outputs, and so what storage checks when the task reports
 * success:
 *
 * <ul>
 *   <li>{@link Undeclared}: nothing (a job-file task without {@code outputs}); only the references
 *       to its outputs are checked, when it reports;
 *   <li>{@link Typed}: TDL types (a job file's {@code outputs}): the count and every value;
 *   <li>{@link Described}: type descriptors the embedded cluster does not interpret (a Spider task
 *       graph's, docs/cluster.md): the count only, as Spider's storage checks nothing else.
 * </ul>
 *
 * <p>Immutable.
 */
public sealed interface OutputDeclaration
    permits OutputDeclaration.Undeclared, OutputDeclaration.Typed, OutputDeclaration.Described {

  /** The declaration of a task that declares nothing. */
  OutputDeclaration UNDECLARED = new Undeclared();

  /** How many outputs a success must return; empty when the task does not say. */
  OptionalInt count();

  /** Nothing declared. Use {@link #UNDECLARED}. */
  record Undeclared() implements OutputDeclaration {
    @Override
    public OptionalInt count() {
      return OptionalInt.empty();
    }
  }

  /**
   * Declared TDL types: a success must return exactly these, each decoding as its type.
   *
   * @param types the output types in order
   */
  record Typed(List<TdlType> types) implements OutputDeclaration {
    public Typed {
      types = List.copyOf(types);
    }

    @Override
    public OptionalInt count() {
      return OptionalInt.of(types.size());
    }
  }

  /**
   * Declared by descriptors the cluster passes through without interpreting them: a success must
   * return exactly this many outputs, whatever their values.
   *
   * @param descriptors the outputs' type descriptors in order, as text for messages, e.g. {@code
   *     Value(Int64)}
   */
  record Described(List<String> descriptors) implements OutputDeclaration {
    public Described {
      descriptors = List.copyOf(descriptors);
      descriptors.forEach(d -> Objects.requireNonNull(d, "descriptor"));
    }

    @Override
    public OptionalInt count() {
      return OptionalInt.of(descriptors.size());
    }
  }
}
