package dev.spider.tdl.codec;

import static dev.spider.tdl.codec.CodecChecks.mismatch;

import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.function.Function;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * A record as a Rust struct: written as the array of its components in declaration order (as {@code
 * rmp_serde::to_vec} writes structs); read from that array or from a map keyed by component name
 * (as {@code to_vec_named} writes them). See docs/value-encodings.md, "Encoding rules".
 *
 * <p>Reflection happens once, in {@link #of}: values flow through method handles. The record and
 * its components must be public, since a package's records are read from outside the package.
 *
 * <p>Immutable and thread-safe. The arrays are never exposed or modified after construction.
 */
final class RecordCodec implements ValueCodec {

  private final Class<?> type;
  private final String[] names;
  private final ValueCodec[] components;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  private RecordCodec(
      Class<?> type,
      String[] names,
      ValueCodec[] components,
      MethodHandle[] accessors,
      MethodHandle constructor) {
    this.type = type;
    this.names = names;
    this.components = components;
    this.accessors = accessors;
    this.constructor = constructor;
  }

  /**
   * The codec of a record class.
   *
   * @param componentCodecs builds the codec of each component's generic type; it may return a
   *     forwarding codec for a type still being built (a recursive record)
   * @throws UnsupportedTypeException when the record or a component is not public, or a component
   *     has no TDL mapping
   */
  static RecordCodec of(Class<?> recordClass, Function<Type, ValueCodec> componentCodecs) {
    RecordComponent[] declared = recordClass.getRecordComponents();
    if (declared == null) {
      throw new IllegalArgumentException(recordClass + " is not a record class");
    }
    int n = declared.length;
    String[] names = new String[n];
    ValueCodec[] codecs = new ValueCodec[n];
    MethodHandle[] accessors = new MethodHandle[n];
    Class<?>[] types = new Class<?>[n];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (int i = 0; i < n; i++) {
      RecordComponent component = declared[i];
      names[i] = component.getName();
      codecs[i] = componentCodecs.apply(component.getGenericType());
      types[i] = component.getType();
      accessors[i] =
          unreflect(recordClass, () -> lookup.unreflect(component.getAccessor()))
              .asType(MethodType.methodType(Object.class, Object.class));
    }
    MethodHandle constructor =
        unreflect(
                recordClass,
                () -> lookup.findConstructor(recordClass, MethodType.methodType(void.class, types)))
            .asSpreader(Object[].class, n)
            .asType(MethodType.methodType(Object.class, Object[].class));
    return new RecordCodec(recordClass, names, codecs, accessors, constructor);
  }

  @Override
  public void write(MessagePacker p, Object v) throws IOException, CodecException {
    p.packArrayHeader(components.length);
    for (int i = 0; i < components.length; i++) {
      Object component;
      try {
        component = accessors[i].invokeExact(v);
      } catch (Throwable t) {
        // invokeExact declares Throwable; whatever the accessor threw is this value's failure.
        throw new CodecException(type.getSimpleName() + "." + names[i] + "() threw " + t, t);
      }
      components[i].write(p, component);
    }
  }

  @Override
  public Object read(MessageUnpacker u) throws IOException, CodecException {
    MessageFormat f = u.getNextFormat();
    Object[] values;
    if (f.getValueType() == ValueType.ARRAY) {
      values = readArray(u);
    } else if (f.getValueType() == ValueType.MAP) {
      values = readMap(u);
    } else {
      throw mismatch(f, "an array (struct " + type.getSimpleName() + ")");
    }
    try {
      return constructor.invokeExact(values);
    } catch (Throwable t) {
      // A compact constructor's validation failing is the bytes' fault, not a bug.
      throw new CodecException("constructing " + type.getSimpleName() + " failed: " + t, t);
    }
  }

  private Object[] readArray(MessageUnpacker u) throws IOException, CodecException {
    int n = u.unpackArrayHeader();
    if (n != components.length) {
      throw new CodecException(
          type.getSimpleName()
              + ": expected an array of "
              + components.length
              + " fields, found "
              + n);
    }
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = readComponent(u, i);
    }
    return values;
  }

  private Object[] readMap(MessageUnpacker u) throws IOException, CodecException {
    int n = u.unpackMapHeader();
    Object[] values = new Object[components.length];
    boolean[] seen = new boolean[components.length];
    for (int e = 0; e < n; e++) {
      String name = Msgpack.readString(u, type.getSimpleName() + " field name");
      int i = indexOf(name);
      values[i] = readComponent(u, i);
      seen[i] = true;
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        throw new CodecException(type.getSimpleName() + ": missing field '" + names[i] + "'");
      }
    }
    return values;
  }

  private Object readComponent(MessageUnpacker u, int i) throws IOException, CodecException {
    try {
      return components[i].read(u);
    } catch (CodecException e) {
      throw new CodecException(type.getSimpleName() + "." + names[i] + ": " + e.getMessage(), e);
    }
  }

  private int indexOf(String name) throws CodecException {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new CodecException(type.getSimpleName() + ": unknown field '" + name + "'");
  }

  @Override
  public String toString() {
    return "RecordCodec[" + type.getName() + "]";
  }

  /** A reflective lookup, which fails when the record or its members are not public. */
  private interface Unreflect {
    MethodHandle get() throws ReflectiveOperationException;
  }

  private static MethodHandle unreflect(Class<?> c, Unreflect how) {
    try {
      return how.get();
    } catch (ReflectiveOperationException e) {
      throw new UnsupportedTypeException(
          c, "the record and its components must be public (" + e.getMessage() + ")");
    }
  }
}
