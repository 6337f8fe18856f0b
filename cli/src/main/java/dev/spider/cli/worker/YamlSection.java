package dev.spider.cli.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed, checked access to one mapping of a {@link LocatedYaml} ({@code storage}, {@code jvm}, or
 * the file itself), against a schema: the set of dotted keys the file may hold. The schema makes
 * unknown keys known before any value is checked (so their warnings come even when a later value is
 * wrong — often the misspelt key is the reason a required one is missing), and only its keys can be
 * read, which ties the schema to the code reading it. Every problem becomes a {@link
 * WorkerConfigException} naming the file, the line, the dotted key and what to write instead.
 *
 * <p>An explicit {@code null} ({@code key:} with nothing after it) of an optional key means the key
 * is absent, as an {@code Option} field means to upstream's serde reader; of a required key it is
 * an error.
 *
 * <p>Immutable; thread-safe.
 */
final class YamlSection {

  private final LocatedYaml yaml;
  private final String path;
  private final JsonNode mapping;
  private final Set<String> schema;

  private YamlSection(LocatedYaml yaml, String path, JsonNode mapping, Set<String> schema) {
    this.yaml = yaml;
    this.path = path;
    this.mapping = mapping;
    this.schema = schema;
  }

  /**
   * The file's top-level mapping.
   *
   * @param schema every dotted key the file may hold, sections included
   */
  static YamlSection root(LocatedYaml yaml, Set<String> schema) throws WorkerConfigException {
    if (!yaml.root().isObject()) {
      throw WorkerConfigException.ofFile(
          yaml.file(),
          OptionalInt.empty(),
          "the file must hold a mapping of keys (storage, scheduler, liveness, ...), not "
              + describe(yaml.root()));
    }
    return new YamlSection(yaml, "", yaml.root(), Set.copyOf(schema));
  }

  /** A required nested mapping. */
  YamlSection section(String name, String what) throws WorkerConfigException {
    return optionalSection(name).orElseThrow(() -> missing(name, what));
  }

  /** An optional nested mapping; empty when absent or null. */
  Optional<YamlSection> optionalSection(String name) throws WorkerConfigException {
    Optional<JsonNode> value = value(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isObject()) {
      throw error(name, "must be a mapping of keys, got " + describe(value.get()));
    }
    return Optional.of(new YamlSection(yaml, key(name), value.get(), schema));
  }

  /** A required, non-blank text value. */
  String text(String name, String what) throws WorkerConfigException {
    return optionalText(name, what).orElseThrow(() -> missing(name, what));
  }

  /** An optional text value, non-blank when present. */
  Optional<String> optionalText(String name, String what) throws WorkerConfigException {
    Optional<JsonNode> value = value(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isTextual()) {
      throw error(name, "must be text (" + what + "), got " + describe(value.get()));
    }
    if (value.get().asText().isBlank()) {
      throw error(name, "must not be empty; give " + what);
    }
    return Optional.of(value.get().asText());
  }

  /** A required integer in {@code [min, max]}. */
  long integer(String name, long min, long max, String what) throws WorkerConfigException {
    OptionalLong value = optionalInteger(name, min, max, what);
    if (value.isEmpty()) {
      throw missing(name, what);
    }
    return value.getAsLong();
  }

  /** An optional integer in {@code [min, max]}. */
  OptionalLong optionalInteger(String name, long min, long max, String what)
      throws WorkerConfigException {
    Optional<JsonNode> value = value(name);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String range = "an integer from " + min + " to " + max + " (" + what + ")";
    if (!value.get().isIntegralNumber()) {
      throw error(name, "must be " + range + ", got " + describe(value.get()));
    }
    BigInteger n = value.get().bigIntegerValue();
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(name, "must be " + range + ", got " + n);
    }
    return OptionalLong.of(n.longValueExact());
  }

  /** An optional boolean ({@code true} or {@code false}). */
  Optional<Boolean> optionalBoolean(String name) throws WorkerConfigException {
    Optional<JsonNode> value = value(name);
    if (value.isPresent() && !value.get().isBoolean()) {
      throw error(name, "must be true or false, got " + describe(value.get()));
    }
    return value.map(JsonNode::booleanValue);
  }

  /** An optional list of non-blank texts; empty when absent. */
  List<String> textList(String name, String what) throws WorkerConfigException {
    Optional<JsonNode> value = value(name);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!value.get().isArray()) {
      throw error(name, "must be a list of " + what + ", got " + describe(value.get()));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.get().size(); i++) {
      JsonNode item = value.get().get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new WorkerConfigException(
            yaml.file(),
            yaml.lineOf(key(name) + "[" + i + "]"),
            Optional.of(key(name) + "[" + i + "]"),
            "must be " + what + ", got " + describe(item));
      }
      items.add(item.asText());
    }
    return List.copyOf(items);
  }

  /** A required path. */
  Path path(String name, String what) throws WorkerConfigException {
    return optionalPath(name, what).orElseThrow(() -> missing(name, what));
  }

  /** An optional path. */
  Optional<Path> optionalPath(String name, String what) throws WorkerConfigException {
    Optional<String> text = optionalText(name, what);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(text.get()));
    } catch (InvalidPathException e) {
      throw error(name, "'" + text.get() + "' is not a path (" + e.getReason() + "); give " + what);
    }
  }

  /** A problem with the value of {@code name}, at its line. */
  WorkerConfigException error(String name, String problem) {
    return new WorkerConfigException(
        yaml.file(), yaml.lineOf(key(name)), Optional.of(key(name)), problem);
  }

  /**
   * The dotted keys in this mapping, and in the known mappings inside it, that the schema does not
   * know, in file order. An unknown mapping is one key: what is inside it is not listed.
   */
  List<String> unknownKeys() {
    List<String> unknown = new ArrayList<>();
    collectUnknownKeys(path, mapping, unknown);
    unknown.sort(Comparator.comparingInt(key -> yaml.lineOf(key).orElse(Integer.MAX_VALUE)));
    return unknown;
  }

  private void collectUnknownKeys(String at, JsonNode node, List<String> unknown) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
      if (!schema.contains(key)) {
        unknown.add(key);
      } else if (field.getValue().isObject()) {
        collectUnknownKeys(key, field.getValue(), unknown);
      }
    }
  }

  /** The configuration file, for messages. */
  Path file() {
    return yaml.file();
  }

  /** The line of a dotted key anywhere in the file, for messages about it. */
  OptionalInt lineOf(String dottedKey) {
    return yaml.lineOf(dottedKey);
  }

  private Optional<JsonNode> value(String name) {
    if (!schema.contains(key(name))) {
      throw new IllegalStateException(
          "bug: " + key(name) + " is read but not in the schema, so it would be reported unknown");
    }
    JsonNode value = mapping.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  private WorkerConfigException missing(String name, String what) {
    boolean nullValue = mapping.has(name);
    return new WorkerConfigException(
        yaml.file(),
        nullValue ? yaml.lineOf(key(name)) : yaml.lineOf(path),
        Optional.of(key(name)),
        (nullValue ? "has no value" : "missing") + "; it is required: give " + what);
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A value as the error messages show it: its YAML kind and a short rendering. */
  private static String describe(JsonNode value) {
    String kind =
        value.isTextual()
            ? "text"
            : value.isIntegralNumber()
                ? "an integer"
                : value.isNumber()
                    ? "a number"
                    : value.isBoolean()
                        ? "a boolean"
                        : value.isArray() ? "a list" : value.isObject() ? "a mapping" : "null";
    String shown = value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return kind + " " + shown;
  }
}
