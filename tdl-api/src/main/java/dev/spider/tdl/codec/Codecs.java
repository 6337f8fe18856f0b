package dev.spider.tdl.codec;

import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Builds the {@link ValueCodec} of a Java type, following the TDL type mapping. Codecs are cached
 * per type; a recursive record type gets a forwarding codec for its inner occurrences.
 *
 * <p>Thread-safe.
 */
final class Codecs {

  private static final Map<Type, ValueCodec> CACHE = new ConcurrentHashMap<>();
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private Codecs() {}

  static ValueCodec forType(Type type) {
    ValueCodec cached = CACHE.get(type);
    if (cached != null) {
      return cached;
    }
    ValueCodec built = build(type, new LinkedHashMap<>());
    CACHE.putIfAbsent(type, built);
    return built;
  }

  private static ValueCodec build(Type type, Map<Type, Forward> inProgress) {
    ValueCodec cached = CACHE.get(type);
    if (cached != null) {
      return cached;
    }
    Forward pending = inProgress.get(type);
    if (pending != null) {
      return pending;
    }
    if (type instanceof Class<?> c) {
      return forClass(c, inProgress);
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return new ListCodec(build(elementType(p, args[0]), inProgress));
      }
      if (raw == Map.class) {
        return new MapCodec(
            build(elementType(p, args[0]), inProgress), build(elementType(p, args[1]), inProgress));
      }
      if (raw == Optional.class) {
        return new OptionalCodec(build(elementType(p, args[0]), inProgress));
      }
      throw new UnsupportedTypeException(type, "only List, Map and Optional may be parameterized");
    }
    if (type instanceof GenericArrayType) {
      throw new UnsupportedTypeException(type, "use List<T> instead of generic arrays");
    }
    throw new UnsupportedTypeException(type, "type variables and wildcards cannot be mapped");
  }

  private static Type elementType(ParameterizedType owner, Type arg) {
    if (arg instanceof WildcardType w && w.getLowerBounds().length == 0
        && w.getUpperBounds().length == 1 && w.getUpperBounds()[0] != Object.class) {
      return w.getUpperBounds()[0];
    }
    if (arg instanceof WildcardType) {
      throw new UnsupportedTypeException(owner, "declare a concrete element type, not " + arg);
    }
    return arg;
  }

  private static ValueCodec forClass(Class<?> c, Map<Type, Forward> inProgress) {
    if (c == long.class) return new LongCodec();
    if (c == Long.class) return nullable(new LongCodec());
    if (c == int.class) return new IntCodec(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.class);
    if (c == Integer.class) return nullable(new IntCodec(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.class));
    if (c == short.class) return new IntCodec(Short.MIN_VALUE, Short.MAX_VALUE, Short.class);
    if (c == Short.class) return nullable(new IntCodec(Short.MIN_VALUE, Short.MAX_VALUE, Short.class));
    if (c == byte.class) return new IntCodec(Byte.MIN_VALUE, Byte.MAX_VALUE, Byte.class);
    if (c == Byte.class) return nullable(new IntCodec(Byte.MIN_VALUE, Byte.MAX_VALUE, Byte.class));
    if (c == double.class) return new DoubleCodec();
    if (c == Double.class) return nullable(new DoubleCodec());
    if (c == float.class) return new FloatCodec();
    if (c == Float.class) return nullable(new FloatCodec());
    if (c == boolean.class) return new BooleanCodec();
    if (c == Boolean.class) return nullable(new BooleanCodec());
    if (c == String.class) return nullable(new StringCodec());
    if (c == BigInteger.class) return nullable(new BigIntegerCodec());
    if (c == byte[].class) return nullable(new BytesCodec());
    if (c == Void.class || c == void.class) return new UnitCodec();
    if (c.isEnum()) return nullable(new EnumCodec(c));
    if (c.isRecord()) return nullable(recordCodec(c, inProgress));
    if (c == List.class || c == Map.class || c == Optional.class) {
      throw new UnsupportedTypeException(c, "raw " + c.getSimpleName() + ": declare its type arguments");
    }
    if (c.isArray()) {
      throw new UnsupportedTypeException(c, "only byte[] is an array type; use List<T>");
    }
    throw new UnsupportedTypeException(c, "not a TDL type");
  }

  private static ValueCodec nullable(ValueCodec inner) {
    return new NullableCodec(inner);
  }

  private static ValueCodec recordCodec(Class<?> c, Map<Type, Forward> inProgress) {
    Forward forward = new Forward();
    inProgress.put(c, forward);
    try {
      RecordComponent[] components = c.getRecordComponents();
      ValueCodec[] codecs = new ValueCodec[components.length];
      MethodHandle[] accessors = new MethodHandle[components.length];
      Class<?>[] types = new Class<?>[components.length];
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        codecs[i] = build(component.getGenericType(), inProgress);
        types[i] = component.getType();
        accessors[i] =
            unreflect(c, () -> lookup.unreflect(component.getAccessor()))
                .asType(MethodType.methodType(Object.class, Object.class));
      }
      MethodHandle constructor =
          unreflect(c, () -> lookup.findConstructor(c, MethodType.methodType(void.class, types)))
              .asSpreader(Object[].class, components.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
      String[] names = new String[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
      }
      RecordCodec codec = new RecordCodec(c, names, codecs, accessors, constructor);
      // Inner occurrences stand for the same reference type as the outer one, which forClass
      // makes nullable: without this a self-reference could never end (record Chain(long v,
      // Chain next) with next == null failed to encode and rejected nil).
      forward.target = nullable(codec);
      return codec;
    } finally {
      inProgress.remove(c);
    }
  }

  private interface Unreflect {
    MethodHandle get() throws ReflectiveOperationException;
  }

  private static MethodHandle unreflect(Class<?> c, Unreflect how) {
    try {
      return how.get();
    } catch (ReflectiveOperationException e) {
      throw new UnsupportedTypeException(c, "the record and its components must be public (" + e.getMessage() + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static CodecException mismatch(MessageFormat found, String expected) {
    return new CodecException("expected " + expected + ", found " + Msgpack.describe(found));
  }

  private static void expectInteger(MessageUnpacker u) throws IOException, CodecException {
    MessageFormat f = u.getNextFormat();
    if (f.getValueType() != ValueType.INTEGER) {
      throw mismatch(f, "an integer");
    }
  }

  /** Stands in for a record codec while that record's component codecs are being built. */
  private static final class Forward implements ValueCodec {
    private volatile ValueCodec target;

    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      target.write(p, v);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      return target.read(u);
    }
  }

  /** nil ↔ null, otherwise the inner codec: Rust's {@code Option<T>} for boxed and reference types. */
  private record NullableCodec(ValueCodec inner) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      if (v == null) {
        p.packNil();
      } else {
        inner.write(p, v);
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      if (u.getNextFormat() == MessageFormat.NIL) {
        u.unpackNil();
        return null;
      }
      return inner.read(u);
    }
  }

  private record OptionalCodec(ValueCodec inner) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      Optional<?> o = (Optional<?>) v;
      if (o == null) {
        throw new CodecException("null Optional: use Optional.empty() for None");
      }
      if (o.isEmpty()) {
        p.packNil();
      } else {
        inner.write(p, o.get());
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      if (u.getNextFormat() == MessageFormat.NIL) {
        u.unpackNil();
        return Optional.empty();
      }
      return Optional.ofNullable(inner.read(u));
    }
  }

  private static final class LongCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packLong(requirePresent(v, "long"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      try {
        return u.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw new CodecException(
            "integer " + e.getBigInteger() + " is out of range for long (i64); use BigInteger for u64 values");
      }
    }
  }

  private static <T> T requirePresent(Object v, String type) throws CodecException {
    if (v == null) {
      throw new CodecException("null where a " + type + " is required");
    }
    @SuppressWarnings("unchecked")
    T t = (T) v;
    return t;
  }

  private record IntCodec(long min, long max, Class<?> box) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packLong(((Number) requirePresent(v, box.getSimpleName())).longValue());
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      long value;
      try {
        value = u.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw outOfRange(e.getBigInteger().toString());
      }
      if (value < min || value > max) {
        throw outOfRange(Long.toString(value));
      }
      if (box == Integer.class) return (int) value;
      if (box == Short.class) return (short) value;
      return (byte) value;
    }

    private CodecException outOfRange(String value) {
      return new CodecException(
          "integer " + value + " is out of range for " + box.getSimpleName() + " [" + min + ", " + max + "]");
    }
  }

  private static final class BigIntegerCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      BigInteger b = (BigInteger) v;
      if (b.compareTo(I64_MIN) < 0 || b.compareTo(U64_MAX) > 0) {
        throw new CodecException("BigInteger " + b + " is outside the u64/i64 range");
      }
      if (b.bitLength() < 64) {
        p.packLong(b.longValue());
      } else {
        p.packBigInteger(b);
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      expectInteger(u);
      return u.unpackBigInteger();
    }
  }

  private static final class DoubleCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packDouble(requirePresent(v, "double"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f == MessageFormat.FLOAT64) return u.unpackDouble();
      if (f == MessageFormat.FLOAT32) return (double) u.unpackFloat();
      throw mismatch(f, "a float");
    }
  }

  private static final class FloatCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packFloat(requirePresent(v, "float"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f == MessageFormat.FLOAT32) return u.unpackFloat();
      if (f == MessageFormat.FLOAT64) {
        double d = u.unpackDouble();
        float narrowed = (float) d;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(d)) {
          throw new CodecException("float64 " + d + " is out of range for float");
        }
        return narrowed;
      }
      throw mismatch(f, "a float");
    }
  }

  private static final class BooleanCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packBoolean(requirePresent(v, "boolean"));
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f.getValueType() != ValueType.BOOLEAN) throw mismatch(f, "a boolean");
      return u.unpackBoolean();
    }
  }

  private static final class StringCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packString((String) v);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      return Msgpack.readString(u, "String");
    }
  }

  private static final class BytesCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      Msgpack.packByteSequence(p, (byte[]) v);
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      return Msgpack.readByteSequence(u, "byte[]");
    }
  }

  private static final class UnitCodec implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packNil();
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f != MessageFormat.NIL) throw mismatch(f, "nil (unit)");
      u.unpackNil();
      return null;
    }
  }

  private record EnumCodec(Class<?> type) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException {
      p.packString(((Enum<?>) v).name());
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      String name = Msgpack.readString(u, type.getSimpleName());
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(name)) {
          return constant;
        }
      }
      throw new CodecException("'" + name + "' is not a variant of " + type.getSimpleName());
    }
  }

  private record ListCodec(ValueCodec element) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      List<?> list = requirePresent(v, "List");
      p.packArrayHeader(list.size());
      for (Object e : list) {
        element.write(p, e);
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f.getValueType() != ValueType.ARRAY) throw mismatch(f, "an array");
      int n = u.unpackArrayHeader();
      List<Object> out = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        try {
          out.add(element.read(u));
        } catch (CodecException e) {
          throw new CodecException("element " + i + ": " + e.getMessage(), e);
        }
      }
      return out;
    }
  }

  private record MapCodec(ValueCodec key, ValueCodec value) implements ValueCodec {
    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      Map<?, ?> map = requirePresent(v, "Map");
      p.packMapHeader(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.write(p, e.getKey());
        value.write(p, e.getValue());
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      if (f.getValueType() != ValueType.MAP) throw mismatch(f, "a map");
      int n = u.unpackMapHeader();
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Object k = key.read(u);
        out.put(k, value.read(u));
      }
      return out;
    }
  }

  /**
   * A record as a Rust struct: written as the array of its components in declaration order (as
   * {@code rmp_serde::to_vec} writes structs); read from that array or from a map keyed by
   * component name (as {@code to_vec_named} writes them).
   */
  private record RecordCodec(
      Class<?> type,
      String[] names,
      ValueCodec[] components,
      MethodHandle[] accessors,
      MethodHandle constructor)
      implements ValueCodec {

    @Override
    public void write(MessagePacker p, Object v) throws IOException, CodecException {
      p.packArrayHeader(components.length);
      for (int i = 0; i < components.length; i++) {
        Object component;
        try {
          component = accessors[i].invokeExact(v);
        } catch (Throwable t) {
          throw new CodecException(type.getSimpleName() + "." + names[i] + "() threw " + t, t);
        }
        components[i].write(p, component);
      }
    }

    @Override
    public Object read(MessageUnpacker u) throws IOException, CodecException {
      MessageFormat f = u.getNextFormat();
      Object[] values = new Object[components.length];
      if (f.getValueType() == ValueType.ARRAY) {
        int n = u.unpackArrayHeader();
        if (n != components.length) {
          throw new CodecException(
              type.getSimpleName() + ": expected an array of " + components.length + " fields, found " + n);
        }
        for (int i = 0; i < n; i++) {
          values[i] = readComponent(u, i);
        }
      } else if (f.getValueType() == ValueType.MAP) {
        int n = u.unpackMapHeader();
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
      } else {
        throw mismatch(f, "an array (struct " + type.getSimpleName() + ")");
      }
      try {
        return constructor.invokeExact(values);
      } catch (Throwable t) {
        throw new CodecException("constructing " + type.getSimpleName() + " failed: " + t, t);
      }
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
        if (names[i].equals(name)) return i;
      }
      throw new CodecException(type.getSimpleName() + ": unknown field '" + name + "'");
    }
  }
}
