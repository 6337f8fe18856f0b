package dev.spider.cli.worker;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A YAML document read into a {@link JsonNode} tree, remembering the line of every key and list
 * item by its dotted path ({@code storage.port}, {@code task_executor.inherited_env[1]}): a tree
 * node does not carry its location, and the checks after parsing must still name a line.
 *
 * <p>Quoted scalars stay text and plain ones are typed (integers, floats, booleans, null), as
 * Jackson's YAML parser resolves them; integers are kept exact, however large, so range checks see
 * the value written. A key given twice, an empty file and a second document are refused, as
 * upstream's serde reader refuses them.
 *
 * <p>Immutable once parsed.
 */
final class LocatedYaml {

  // An empty value (`key:`) is null, as YAML means it, not an empty text as Jackson reads it by
  // default; an explicitly quoted '' stays text.
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Path file;
  private final JsonNode root;
  private final Map<String, Integer> lines = new HashMap<>();

  private LocatedYaml(Path file, String text) throws WorkerConfigException {
    this.file = file;
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        throw WorkerConfigException.ofFile(
            file, OptionalInt.empty(), "the file is empty; it must hold worker.yaml's keys");
      }
      root = read(parser, "");
      if (parser.nextToken() != null) {
        throw WorkerConfigException.ofFile(
            file,
            line(parser.currentTokenLocation()),
            "a second YAML document; worker.yaml holds exactly one");
      }
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      throw WorkerConfigException.ofFile(
          file,
          line(e.getLocation()),
          "not valid YAML: " + (message == null ? e.getClass().getSimpleName() : message));
    } catch (IOException e) {
      throw WorkerConfigException.ofFile(
          file, OptionalInt.empty(), "cannot read the YAML: " + e.getMessage());
    }
  }

  /** Parses {@code text}, the contents of {@code file}. */
  static LocatedYaml parse(Path file, String text) throws WorkerConfigException {
    return new LocatedYaml(file, text);
  }

  Path file() {
    return file;
  }

  JsonNode root() {
    return root;
  }

  /** The line of the key or list item at {@code path}; empty for the root or an unknown path. */
  OptionalInt lineOf(String path) {
    Integer line = lines.get(path);
    return line == null ? OptionalInt.empty() : OptionalInt.of(line);
  }

  /** Reads the value the parser stands on, with everything inside it. */
  private JsonNode read(JsonParser parser, String path) throws IOException, WorkerConfigException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readMapping(parser, path);
      case START_ARRAY:
        ArrayNode list = NODES.arrayNode();
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
          String item = path + "[" + i + "]";
          lines.put(item, parser.currentTokenLocation().getLineNr());
          list.add(read(parser, item));
        }
        return list;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw WorkerConfigException.ofFile(
            file,
            line(parser.currentTokenLocation()),
            "unsupported YAML (" + token + "); use plain mappings, lists and scalars");
    }
  }

  private ObjectNode readMapping(JsonParser parser, String path)
      throws IOException, WorkerConfigException {
    ObjectNode mapping = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String key = path.isEmpty() ? name : path + "." + name;
      int line = parser.currentTokenLocation().getLineNr();
      if (mapping.has(name)) {
        throw new WorkerConfigException(
            file,
            OptionalInt.of(line),
            Optional.of(key),
            "given twice (first on line " + lines.get(key) + "); keep one");
      }
      lines.put(key, line);
      parser.nextToken();
      mapping.set(name, read(parser, key));
    }
    return mapping;
  }

  private static OptionalInt line(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? OptionalInt.empty()
        : OptionalInt.of(location.getLineNr());
  }
}
