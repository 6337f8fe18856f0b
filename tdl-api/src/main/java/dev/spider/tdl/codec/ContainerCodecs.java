package dev.spider.tdl.codec;

import static dev.spider.tdl.codec.CodecChecks.mismatch;
import static dev.spider.tdl.codec.CodecChecks.requirePresent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The codecs of types holding other values: Rust's {@code Option<T>} (as a nullable reference or a
 * {@code java.util.Optional}), {@code Vec<T>} as {@code List} and maps as {@code Map}, each over
 * the codecs of its elements (docs/value-encodings.md, "Java type mapping").
 *
 * <p>Thread-safe: the codecs are immutable, as are the element codecs they hold.
 */
final class ContainerCodecs {

  /**
   * Caps the capacity reserved up front from an untrusted array header: a few bytes announcing 2^32
   * elements must not allocate for them before they arrive.
   */
  private static final int MAX_RESERVED_ELEMENTS = 1 << 16;

  private ContainerCodecs() {}

  /** nil for null, otherwise {@code inner}: Rust's {@code Option<T>} for boxes and references. */
  static ValueCodec nullable(ValueCodec inner) {
    return new NullableCodec(inner);
  }

  /** nil for {@code Optional.empty()}, otherwise {@code inner}; a null Optional is refused. */
  static ValueCodec optional(ValueCodec inner) {
    return new OptionalCodec(inner);
  }

  static ValueCodec list(ValueCodec element) {
    return new ListCodec(element);
  }

  /** Keeps the encoded order on decoding (a {@link LinkedHashMap}). */
  static ValueCodec map(ValueCodec key, ValueCodec value) {
    return new MapCodec(key, value);
  }

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
      if (f.getValueType() != ValueType.ARRAY) {
        throw mismatch(f, "an array");
      }
      int n = u.unpackArrayHeader();
      List<Object> out = new ArrayList<>(Math.min(n, MAX_RESERVED_ELEMENTS));
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
      if (f.getValueType() != ValueType.MAP) {
        throw mismatch(f, "a map");
      }
      int n = u.unpackMapHeader();
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Object k = key.read(u);
        out.put(k, value.read(u));
      }
      return out;
    }
  }
}
