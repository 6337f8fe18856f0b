package dev.spider.cli.submit;

import dev.spider.cli.graph.DataTypeDescriptor;
import dev.spider.cli.graph.ValueTypeDescriptor;
import dev.spider.cli.graph.ValueTypeDescriptor.FloatWidth;
import dev.spider.cli.graph.ValueTypeDescriptor.IntWidth;
import dev.spider.cli.types.TdlType;
import java.util.Optional;

/**
 * Job-file types as upstream type descriptors. Upstream has no string, unsigned or option type, and
 * its storage never checks a value against its descriptor (only that connected outputs and inputs
 * declare equal ones), so the mapping says what each value <em>is</em> as closely as upstream can,
 * and refuses what it cannot say (docs/job-files.md, "Running a job file on a cluster"):
 *
 * <table>
 *   <caption>job-file type to upstream descriptor</caption>
 *   <tr><th>job file</th><th>upstream</th><th>why</th></tr>
 *   <tr><td>{@code int8 .. int64}</td><td>{@code Int8 .. Int64}</td><td>the same</td></tr>
 *   <tr><td>{@code uint8 uint16 uint32}</td><td>{@code Int16 Int32 Int64}</td>
 *       <td>the smallest signed type holding every value</td></tr>
 *   <tr><td>{@code uint64}</td><td>refused</td><td>no signed type holds 2<sup>63</sup> and up</td></tr>
 *   <tr><td>{@code float double}</td><td>{@code Float32 Float64}</td><td>the same</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code Boolean}</td><td>the same</td></tr>
 *   <tr><td>{@code string bytes}</td><td>{@code Bytes}</td>
 *       <td>upstream's byte-sequence type, which it also uses for string map keys</td></tr>
 *   <tr><td>{@code list<T>} / {@code map<K, V>}</td><td>{@code List} / {@code Map}</td>
 *       <td>element by element; string keys as {@code Bytes}, integer keys as above</td></tr>
 *   <tr><td>{@code option<T>}</td><td>refused</td><td>no option type upstream</td></tr>
 * </table>
 *
 * <p>Every type is passed by value ({@code {"Value": T}}). The values themselves are unchanged:
 * MessagePack as {@code rmp_serde} writes the job-file type. Stateless.
 */
final class TypeMapping {

  private TypeMapping() {}

  /**
   * The descriptor of {@code type}.
   *
   * @param job the job's name, for the refusal
   * @param what the input or output, for messages, e.g. {@code "output 0 of task 'sum'"}
   * @throws UnsupportedJobException when upstream has no type for it, saying what to declare
   */
  static DataTypeDescriptor toUpstream(TdlType type, String job, String what)
      throws UnsupportedJobException {
    Optional<String> refusal = refusal(type, type, what);
    if (refusal.isPresent()) {
      throw new UnsupportedJobException(job, refusal.get());
    }
    return DataTypeDescriptor.value(value(type));
  }

  private static Optional<String> refusal(TdlType part, TdlType whole, String what) {
    String inWhole = part.equals(whole) ? "" : " (in " + whole + ")";
    if (part == TdlType.Scalar.UINT64) {
      return Optional.of(
          what
              + " has type uint64"
              + inWhole
              + ", which no upstream type can hold (upstream integers are signed, Int8 to"
              + " Int64); declare int64 if the values stay below 2^63, or run the job locally");
    }
    if (part instanceof TdlType.OptionOf option) {
      return Optional.of(
          what
              + " has type "
              + part
              + inWhole
              + ": upstream's task graph has no option type; declare "
              + option.inner()
              + " if the value is never null, or run the job locally");
    }
    if (part instanceof TdlType.ListOf list) {
      return refusal(list.element(), whole, what);
    }
    if (part instanceof TdlType.MapOf map) {
      Optional<String> key = refusal(map.key(), whole, what);
      return key.isPresent() ? key : refusal(map.value(), whole, what);
    }
    return Optional.empty();
  }

  /** The descriptor of a type {@link #refusal} accepts. */
  private static ValueTypeDescriptor value(TdlType type) {
    if (type instanceof TdlType.ListOf list) {
      return ValueTypeDescriptor.list(value(list.element()));
    }
    if (type instanceof TdlType.MapOf map) {
      return ValueTypeDescriptor.map(value(map.key()), value(map.value()));
    }
    if (!(type instanceof TdlType.Scalar scalar)) {
      throw new IllegalArgumentException("no upstream descriptor for " + type);
    }
    switch (scalar) {
      case INT8:
        return ValueTypeDescriptor.integer(IntWidth.INT8);
      case INT16:
      case UINT8:
        return ValueTypeDescriptor.integer(IntWidth.INT16);
      case INT32:
      case UINT16:
        return ValueTypeDescriptor.integer(IntWidth.INT32);
      case INT64:
      case UINT32:
        return ValueTypeDescriptor.integer(IntWidth.INT64);
      case FLOAT:
        return ValueTypeDescriptor.floating(FloatWidth.FLOAT32);
      case DOUBLE:
        return ValueTypeDescriptor.floating(FloatWidth.FLOAT64);
      case BOOLEAN:
        return ValueTypeDescriptor.bool();
      case STRING:
      case BYTES:
        return ValueTypeDescriptor.bytes();
      default:
        throw new IllegalArgumentException("no upstream descriptor for " + type);
    }
  }
}
