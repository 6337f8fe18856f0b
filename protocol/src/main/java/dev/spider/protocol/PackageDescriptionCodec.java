package dev.spider.protocol;

import dev.spider.tdl.Version;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import dev.spider.tdl.internal.Msgpack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.Value;

/**
 * The success payload of a Describe request: the map {@code {"name": str, "kind": "jar" | "native",
 * "tdl_version": [major, minor, patch], "tasks": [str]}} plus the optional {@code "signatures":
 * {task: {"inputs": [type], "outputs": [type]}}}, where a type is its job-file name (a str) or
 * {@code {"java": str, "reason": str}} for a type a job file cannot name (docs/frame-protocol.md,
 * "Frames"). Keys are read in any order; unknown keys are ignored, and a payload without {@code
 * "signatures"} (an older executor) decodes with none.
 *
 * <p>Thread-safe: stateless.
 */
final class PackageDescriptionCodec {

  private PackageDescriptionCodec() {}

  static byte[] encode(PackageDescription description) {
    return Msgpack.encode(
        p -> {
          boolean signed = !description.signatures().isEmpty();
          p.packMapHeader(signed ? 5 : 4);
          p.packString("name").packString(description.name());
          p.packString("kind").packString(description.kind().wireName());
          p.packString("tdl_version");
          VersionField.write(p, description.tdlVersion());
          p.packString("tasks").packArrayHeader(description.tasks().size());
          for (String task : description.tasks()) {
            p.packString(task);
          }
          if (signed) {
            p.packString("signatures").packMapHeader(description.signatures().size());
            for (Map.Entry<String, TaskSignature> e : description.signatures().entrySet()) {
              p.packString(e.getKey()).packMapHeader(2);
              writeTypes(p.packString("inputs"), e.getValue().inputs());
              writeTypes(p.packString("outputs"), e.getValue().outputs());
            }
          }
        });
  }

  private static void writeTypes(MessagePacker p, List<TypeSpelling> types) throws IOException {
    p.packArrayHeader(types.size());
    for (TypeSpelling type : types) {
      if (type instanceof TypeSpelling.Tdl tdl) {
        p.packString(tdl.name());
      } else {
        TypeSpelling.JavaOnly javaOnly = (TypeSpelling.JavaOnly) type;
        p.packMapHeader(2);
        p.packString("java").packString(javaOnly.javaType());
        p.packString("reason").packString(javaOnly.reason());
      }
    }
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
      Map<String, TaskSignature> signatures = signatures(Fields.optional(map, "signatures"));
      String name = Fields.string(Fields.required(map, "name"), "name");
      try {
        return new PackageDescription(name, kind, version, tasks, signatures);
      } catch (IllegalArgumentException e) {
        throw new BadShape(e.getMessage(), e);
      }
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

  private static Map<String, TaskSignature> signatures(Optional<Value> value) throws BadShape {
    Map<String, TaskSignature> signatures = new LinkedHashMap<>();
    if (value.isEmpty()) {
      return signatures;
    }
    for (Map.Entry<Value, Value> e : Fields.map(value.get(), "signatures").entrySet()) {
      String task = Fields.string(e.getKey(), "signature's task name");
      Map<Value, Value> signature = Fields.map(e.getValue(), "signature of task '" + task + "'");
      signatures.put(
          task,
          new TaskSignature(
              types(Fields.required(signature, "inputs"), task, "inputs"),
              types(Fields.required(signature, "outputs"), task, "outputs")));
    }
    return signatures;
  }

  private static List<TypeSpelling> types(Value value, String task, String which) throws BadShape {
    String what = which + " of task '" + task + "'";
    if (!value.isArrayValue()) {
      throw new BadShape(what + " must be an array");
    }
    List<TypeSpelling> types = new ArrayList<>();
    for (Value type : value.asArrayValue()) {
      if (type.isMapValue()) {
        Map<Value, Value> javaOnly = Fields.map(type, what);
        types.add(
            new TypeSpelling.JavaOnly(
                Fields.string(Fields.required(javaOnly, "java"), what + ": java"),
                Fields.optional(javaOnly, "reason").isPresent()
                    ? Fields.string(Fields.optional(javaOnly, "reason").get(), what + ": reason")
                    : "a job file cannot name it"));
      } else {
        types.add(new TypeSpelling.Tdl(Fields.string(type, what)));
      }
    }
    return types;
  }
}
