package dev.spider.protocol;

import dev.spider.tdl.Version;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;

/**
 * A TDL version as the protocol carries it, in Hello and in a package description: the array {@code
 * [major, minor, patch]} of uints (docs/frame-protocol.md, "Frames").
 *
 * <p>Thread-safe: stateless.
 */
final class VersionField {

  private VersionField() {}

  static void write(MessagePacker packer, Version version) throws IOException {
    packer.packArrayHeader(3).packInt(version.major()).packInt(version.minor());
    packer.packInt(version.patch());
  }

  /**
   * Reads a version; components beyond the {@code int} range are malformed, never truncated.
   *
   * @param what names the field, e.g. {@code "Hello tdl_version"}
   */
  static Version read(Value v, String what) throws BadShape {
    if (!v.isArrayValue() || v.asArrayValue().size() != 3) {
      throw new BadShape(what + " must be [major, minor, patch], found " + Fields.show(v));
    }
    ArrayValue components = v.asArrayValue();
    return new Version(
        Fields.nonNegativeInt(components.get(0), "major"),
        Fields.nonNegativeInt(components.get(1), "minor"),
        Fields.nonNegativeInt(components.get(2), "patch"));
  }
}
