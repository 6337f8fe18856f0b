package dev.spider.tdl.codec;

import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Builds the {@link ValueCodec} of a Java type, following the TDL type mapping
 * (docs/value-encodings.md, "Java type mapping"): scalars from {@link ScalarCodecs}, {@code List},
 * {@code Map} and {@code Optional} from {@link ContainerCodecs}, records as {@link RecordCodec}s.
 *
 * <p>Codecs are cached per requested type. A recursive record type gets a forwarding codec for its
 * inner occurrences, pointed at the finished codec once the record's components are built.
 *
 * <p>Thread-safe: the cache is concurrent, and each build has its own bookkeeping. Two threads
 * building the same type at once both build it; the first to finish is cached.
 */
final class Codecs {

  private static final Map<Type, ValueCodec> CACHE = new ConcurrentHashMap<>();

  private Codecs() {}

  /**
   * The codec of {@code type}.
   *
   * @throws UnsupportedTypeException when the type, or a type inside it, has no TDL mapping
   */
  static ValueCodec forType(Type type) {
    ValueCodec cached = CACHE.get(type);
    if (cached != null) {
      return cached;
    }
    ValueCodec built = new Build().codecOf(type);
    CACHE.putIfAbsent(type, built);
    return built;
  }

  /** One build of a type's codec, remembering the record types whose components are in progress. */
  private static final class Build {

    private final Map<Type, Forward> inProgress = new HashMap<>();

    ValueCodec codecOf(Type type) {
      ValueCodec cached = CACHE.get(type);
      if (cached != null) {
        return cached;
      }
      Forward pending = inProgress.get(type);
      if (pending != null) {
        return pending;
      }
      if (type instanceof Class<?> c) {
        return forClass(c);
      }
      if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
        return forParameterized(p, raw);
      }
      if (type instanceof GenericArrayType) {
        throw new UnsupportedTypeException(type, "use List<T> instead of generic arrays");
      }
      throw new UnsupportedTypeException(type, "type variables and wildcards cannot be mapped");
    }

    private ValueCodec forParameterized(ParameterizedType p, Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return ContainerCodecs.list(codecOf(elementType(p, args[0])));
      }
      if (raw == Map.class) {
        return ContainerCodecs.map(
            codecOf(elementType(p, args[0])), codecOf(elementType(p, args[1])));
      }
      if (raw == Optional.class) {
        return ContainerCodecs.optional(codecOf(elementType(p, args[0])));
      }
      throw new UnsupportedTypeException(p, "only List, Map and Optional may be parameterized");
    }

    private ValueCodec forClass(Class<?> c) {
      Optional<ValueCodec> scalar = ScalarCodecs.forClass(c);
      if (scalar.isPresent()) {
        return scalar.get();
      }
      if (c.isEnum()) {
        return ScalarCodecs.forEnum(c);
      }
      if (c.isRecord()) {
        return forRecord(c);
      }
      if (c == List.class || c == Map.class || c == Optional.class) {
        throw new UnsupportedTypeException(
            c, "raw " + c.getSimpleName() + ": declare its type arguments");
      }
      if (c.isArray()) {
        throw new UnsupportedTypeException(c, "only byte[] is an array type; use List<T>");
      }
      throw new UnsupportedTypeException(c, "not a TDL type");
    }

    private ValueCodec forRecord(Class<?> c) {
      Forward forward = new Forward();
      inProgress.put(c, forward);
      try {
        // A record is a reference type, so it may be null: Rust's Option<Struct>.
        ValueCodec codec = ContainerCodecs.nullable(RecordCodec.of(c, this::codecOf));
        // Inner occurrences stand for the same nullable type as the outer one: without this a
        // self-reference could never end (record Chain(long v, Chain next) with next == null
        // failed to encode and rejected nil).
        forward.target = codec;
        return codec;
      } finally {
        inProgress.remove(c);
      }
    }
  }

  /** {@code ? extends T} stands for {@code T}; other wildcards have no mapping. */
  private static Type elementType(ParameterizedType owner, Type arg) {
    if (arg instanceof WildcardType w
        && w.getLowerBounds().length == 0
        && w.getUpperBounds().length == 1
        && w.getUpperBounds()[0] != Object.class) {
      return w.getUpperBounds()[0];
    }
    if (arg instanceof WildcardType) {
      throw new UnsupportedTypeException(owner, "declare a concrete element type, not " + arg);
    }
    return arg;
  }

  /**
   * Stands in for a record's codec while that record's component codecs are being built. The target
   * is set once, before the codec under construction is returned to anyone; volatile so a cached
   * codec used from another thread sees it.
   */
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
}
