package dev.spider.protocol;

import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The codec of one kind of frame: a MessagePack array whose first element is the kind's tag and
 * whose length is fixed per kind (docs/frame-protocol.md, "Frames"). The dispatchers ({@link
 * RequestCodec}, {@link ResponseCodec}) read the tag once and pick the kind's codec; the codec
 * writes the header and tag itself, so a kind's arity and tag are written where they are read.
 *
 * <p>Implementations are stateless singletons and thread-safe.
 *
 * @param <T> the frame's record type
 */
interface FrameKindCodec<T> {

  /** The record type this codec encodes: the key the encoders dispatch on. */
  Class<T> type();

  int tag();

  /** The kind's name for messages, e.g. {@code "Execute"}. */
  String name();

  /** The number of array elements, the tag included. */
  int arity();

  /** Writes the elements after the tag. */
  void writeFields(MessagePacker packer, T frame) throws IOException;

  /** Reads the elements after the tag from an array of the right {@link #arity()}. */
  T readFields(ArrayValue array) throws BadShape;

  /** Reads a frame of this kind whose tag was already read, checking its arity first. */
  default T read(ArrayValue array) throws BadShape {
    Fields.arity(array, arity(), name());
    return readFields(array);
  }

  /**
   * Encodes {@code frame}, which must be of this codec's {@link #type()}.
   *
   * @throws ClassCastException when it is not: the dispatchers look codecs up by the frame's class
   */
  default byte[] encode(Object frame) {
    T typed = type().cast(frame);
    return Msgpack.encode(
        packer -> {
          packer.packArrayHeader(arity()).packInt(tag());
          writeFields(packer, typed);
        });
  }

  /**
   * Indexes codecs by the record type they encode. Java 17 has no switch over a sealed type's
   * records; a record class is final, so its class is an exact key instead.
   */
  static <R> Map<Class<?>, FrameKindCodec<? extends R>> byType(
      List<FrameKindCodec<? extends R>> codecs) {
    // A loop, not a stream: this runs on the executor's path to its Hello, where loading the
    // stream machinery's classes would cost milliseconds of every executor start.
    Map<Class<?>, FrameKindCodec<? extends R>> byType = new HashMap<>();
    for (FrameKindCodec<? extends R> codec : codecs) {
      if (byType.put(codec.type(), codec) != null) {
        throw new IllegalArgumentException("two codecs encode " + codec.type().getName());
      }
    }
    return Map.copyOf(byType);
  }
}
