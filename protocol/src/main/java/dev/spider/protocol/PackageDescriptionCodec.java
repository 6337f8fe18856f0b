package dev.spider.protocol;

import dev.spider.tdl.Version;
import dev.spider.tdl.internal.Msgpack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.value.Value;

/**
 * The success payload of a Describe request: the map {@code {"name": str, "kind": "jar" | "native",
 * "tdl_version": [major, minor, patch], "tasks": [str]}} (docs/frame-protocol.md, "Frames"). Keys
 * are read in any order.
 *
 * <p>Thread-safe: stateless.
 */
final class PackageDescriptionCodec {

  private PackageDescriptionCodec() {}

  static byte[] encode(PackageDescription description) {
    return Msgpack.encode(
        p -> {
          p.packMapHeader(4);
          p.packString("name").packString(description.name());
          p.packString("kind").packString(description.kind().wireName());
          p.packString("tdl_version");
          VersionField.write(p, description.tdlVersion());
          p.packString("tasks").packArrayHeader(description.tasks().size());
          for (String task : description.tasks()) {
            p.packString(task);
          }
        });
  }

  /**
   * Decodes a description.
   *
   * @throws ProtocolException naming the missing or malformed entry
   */
  static PackageDescription decode(byte[] payload) throws ProtocolException {
    try {
      Map<Value, Value> map = Fields.map(Bodies.whole(payload), "description");
      PackageDescription.Kind kind = kind(Fields.string(Fields.required(map, "kind"), "kind"));
      Version version = VersionField.read(Fields.required(map, "tdl_version"), "tdl_version");
      List<String> tasks = tasks(Fields.required(map, "tasks"));
      return new PackageDescription(
          Fields.string(Fields.required(map, "name"), "name"), kind, version, tasks);
    } catch (BadShape e) {
      throw new ProtocolException("malformed description: " + e.getMessage(), e);
    }
  }

  private static PackageDescription.Kind kind(String wireName) throws BadShape {
    for (PackageDescription.Kind kind : PackageDescription.Kind.values()) {
      if (kind.wireName().equals(wireName)) {
        return kind;
      }
    }
    throw new BadShape("unknown package kind '" + wireName + "'");
  }

  private static List<String> tasks(Value value) throws BadShape {
    if (!value.isArrayValue()) {
      throw new BadShape("tasks must be an array");
    }
    List<String> tasks = new ArrayList<>();
    for (Value task : value.asArrayValue()) {
      tasks.add(Fields.string(task, "task name"));
    }
    return tasks;
  }
}
