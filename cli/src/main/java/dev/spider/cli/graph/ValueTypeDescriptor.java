package dev.spider.cli.graph;

import java.util.Objects;

/**
 * The type of one value in upstream's task graph: what a task input or output declares. Storage
 * never checks values against it; it only requires that connected outputs and inputs declare equal
 * types. There is no string, unsigned integer or option type upstream.
 *
 * <p>JSON (serde's externally tagged enums): {@code {"Primitive": {"Int": "Int64"}}}, {@code
 * {"Primitive": {"Float": "Float32"}}}, {@code {"Primitive": "Boolean"}}, {@code {"Bytes": {}}},
 * {@code {"Struct": "Name"}}, {@code {"List": T}}, {@code {"Map": {"key": {"Int": "Int32"} |
 * {"Bytes": {}}, "value": T}}}.
 *
 * <p>Immutable and thread-safe; {@code equals} is structural, as upstream compares types.
 */
public sealed interface ValueTypeDescriptor
    permits ValueTypeDescriptor.IntType,
        ValueTypeDescriptor.FloatType,
        ValueTypeDescriptor.BooleanType,
        ValueTypeDescriptor.BytesType,
        ValueTypeDescriptor.StructType,
        ValueTypeDescriptor.ListType,
        ValueTypeDescriptor.MapType {

  /** The widths of {@code Primitive.Int}. */
  enum IntWidth {
    INT8("Int8"),
    INT16("Int16"),
    INT32("Int32"),
    INT64("Int64");

    private final String jsonName;

    IntWidth(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The serde name, e.g. {@code Int64}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /** The widths of {@code Primitive.Float}. */
  enum FloatWidth {
    FLOAT32("Float32"),
    FLOAT64("Float64");

    private final String jsonName;

    FloatWidth(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The serde name, e.g. {@code Float64}. */
    public String jsonName() {
      return jsonName;
    }
  }

  /** {@code Int64} and friends. */
  static ValueTypeDescriptor integer(IntWidth width) {
    return new IntType(width);
  }

  /** {@code Float64} and friends. */
  static ValueTypeDescriptor floating(FloatWidth width) {
    return new FloatType(width);
  }

  /** {@code Boolean}. */
  static ValueTypeDescriptor bool() {
    return BooleanType.INSTANCE;
  }

  /** {@code Bytes}. */
  static ValueTypeDescriptor bytes() {
    return BytesType.INSTANCE;
  }

  /** A list of {@code element}. */
  static ValueTypeDescriptor list(ValueTypeDescriptor element) {
    return new ListType(element);
  }

  /** A map; {@code key} must be an {@link IntType} or {@link BytesType}. */
  static ValueTypeDescriptor map(ValueTypeDescriptor key, ValueTypeDescriptor value) {
    return new MapType(key, value);
  }

  /**
   * A readable name for messages, e.g. {@code Map<Int32, List<Bytes>>}; not the JSON form (see
   * {@link TaskGraphJson}).
   */
  @Override
  String toString();

  /**
   * {@code Primitive.Int}.
   *
   * @param width the integer's width
   */
  record IntType(IntWidth width) implements ValueTypeDescriptor {
    public IntType {
      Objects.requireNonNull(width, "width");
    }

    @Override
    public String toString() {
      return width.jsonName();
    }
  }

  /**
   * {@code Primitive.Float}.
   *
   * @param width the float's width
   */
  record FloatType(FloatWidth width) implements ValueTypeDescriptor {
    public FloatType {
      Objects.requireNonNull(width, "width");
    }

    @Override
    public String toString() {
      return width.jsonName();
    }
  }

  /** {@code Primitive.Boolean}. */
  record BooleanType() implements ValueTypeDescriptor {
    static final BooleanType INSTANCE = new BooleanType();

    @Override
    public String toString() {
      return "Boolean";
    }
  }

  /** {@code Bytes}: a byte array. */
  record BytesType() implements ValueTypeDescriptor {
    static final BytesType INSTANCE = new BytesType();

    @Override
    public String toString() {
      return "Bytes";
    }
  }

  /**
   * {@code Struct}: a struct known only by its name (upstream records no fields).
   *
   * @param name the struct's name, not empty
   */
  record StructType(String name) implements ValueTypeDescriptor {
    /**
     * @throws IllegalArgumentException when {@code name} is empty (upstream refuses it)
     */
    public StructType {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a Struct type needs a non-empty name");
      }
    }

    @Override
    public String toString() {
      return "Struct(" + name + ")";
    }
  }

  /**
   * {@code List}.
   *
   * @param element the element type
   */
  record ListType(ValueTypeDescriptor element) implements ValueTypeDescriptor {
    public ListType {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "List<" + element + ">";
    }
  }

  /**
   * {@code Map}.
   *
   * @param key the key type: an {@link IntType} or {@link BytesType}, the only keys upstream has
   * @param value the value type
   */
  record MapType(ValueTypeDescriptor key, ValueTypeDescriptor value)
      implements ValueTypeDescriptor {
    /**
     * @throws IllegalArgumentException when {@code key} is neither an integer nor bytes
     */
    public MapType {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!(key instanceof IntType || key instanceof BytesType)) {
        throw new IllegalArgumentException(
            "upstream map keys are Int or Bytes, not " + key + "; use one of those key types");
      }
    }

    @Override
    public String toString() {
      return "Map<" + key + ", " + value + ">";
    }
  }
}
