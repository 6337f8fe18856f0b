package dev.spider.cli.graph;

import java.util.Objects;

/**
 * The declared type of one task input or output in upstream's task graph: a value type, passed by
 * value ({@code {"Value": T}}) or shared ({@code {"SharedValue": T}}). Connected outputs and inputs
 * must declare equal descriptors, sharing included.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sharing how the value travels
 * @param value the value's type
 */
public record DataTypeDescriptor(Sharing sharing, ValueTypeDescriptor value) {

  /** The two variants of upstream's {@code DataTypeDescriptor}. */
  public enum Sharing {
    VALUE("Value"),
    SHARED_VALUE("SharedValue");

    private final String jsonName;

    Sharing(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The serde name: {@code Value} or {@code SharedValue}. */
    public String jsonName() {
      return jsonName;
    }
  }

  public DataTypeDescriptor {
    Objects.requireNonNull(sharing, "sharing");
    Objects.requireNonNull(value, "value");
  }

  /** {@code {"Value": value}}, how every job-file type is declared. */
  public static DataTypeDescriptor value(ValueTypeDescriptor value) {
    return new DataTypeDescriptor(Sharing.VALUE, value);
  }

  /** {@code Value(Int64)}, {@code SharedValue(Bytes)}: for messages. */
  @Override
  public String toString() {
    return sharing.jsonName() + "(" + value + ")";
  }
}
