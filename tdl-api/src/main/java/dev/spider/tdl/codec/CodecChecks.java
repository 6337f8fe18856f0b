package dev.spider.tdl.codec;

import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The checks the value codecs share, so that every codec words a mismatch the same way: "expected
 * X, found Y".
 *
 * <p>Thread-safe: stateless.
 */
final class CodecChecks {

  private CodecChecks() {}

  /** The next value has the wrong format: names what was expected and what was found. */
  static CodecException mismatch(MessageFormat found, String expected) {
    return new CodecException("expected " + expected + ", found " + Msgpack.describe(found));
  }

  /** Checks that the next value is an integer, without consuming it. */
  static void expectInteger(MessageUnpacker unpacker) throws IOException, CodecException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != ValueType.INTEGER) {
      throw mismatch(format, "an integer");
    }
  }

  /**
   * The value to encode, which must be present: a primitive or a container has no nil form.
   *
   * @param type the Java type named in the message, e.g. {@code "long"}
   */
  static <T> T requirePresent(Object value, String type) throws CodecException {
    if (value == null) {
      throw new CodecException("null where a " + type + " is required");
    }
    // The codec was built for this type, so the cast cannot fail for values of the declared type.
    @SuppressWarnings("unchecked")
    T t = (T) value;
    return t;
  }
}
