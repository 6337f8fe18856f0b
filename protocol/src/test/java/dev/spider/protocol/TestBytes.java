package dev.spider.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Builds and inspects MessagePack bytes by hand, for values the codecs would never write
 * themselves. Public for the tests of {@code dev.spider.protocol.frame}. Stateless.
 */
public final class TestBytes {

  /** What a test packs. */
  public interface Body {
    void pack(MessageBufferPacker p) throws IOException;
  }

  private TestBytes() {}

  public static byte[] pack(Body body) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      body.pack(p);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] concat(byte[] a, byte... b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** The keys of a payload that is one map with string keys. */
  public static Set<String> mapKeys(byte[] payload) throws IOException {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      return u.unpackValue().asMapValue().keySet().stream()
          .map(Value::asStringValue)
          .map(Object::toString)
          .collect(Collectors.toSet());
    }
  }
}
