package dev.spider.cli.jobfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON document read into a {@link JsonNode} tree, remembering where in the text each value and
 * each object key starts, by JSON pointer ({@code /tasks/2/inputs/0}): a tree node does not carry
 * its location, and errors found after parsing must still name a line and column.
 *
 * <p>Duplicate keys are refused while parsing, and so is anything after the root value.
 *
 * <p>Immutable once parsed.
 */
final class LocatedJson {

  /**
   * A place in the text.
   *
   * @param line 1-based
   * @param column 1-based
   */
  record Place(int line, int column) {}

  /** The JSON text is not one well-formed value. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    final Place place;

    SyntaxException(Place place, String message) {
      super(message);
      this.place = place;
    }
  }

  /** A value nested deeper than {@link #MAX_DEPTH} levels (docs/job-files.md, "Limits"). */
  static final class TooDeepException extends Exception {
    private static final long serialVersionUID = 1L;
    final Place place;

    TooDeepException(Place place, String message) {
      super(message);
      this.place = place;
    }
  }

  /**
   * How deep arrays and objects may nest: a job file needs about six levels, a literal a few more.
   * The bound keeps every recursive walk of the tree (here, and converting literals) far from the
   * thread's stack limit, whatever the file holds (docs/job-files.md, "Limits").
   */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final JsonNode root;
  private final Map<String, Place> values = new HashMap<>();
  private final Map<String, Place> keys = new HashMap<>();

  private LocatedJson(String text) throws SyntaxException, TooDeepException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        throw new SyntaxException(new Place(1, 1), "the file is empty");
      }
      root = read(parser, "", 0);
      if (parser.nextToken() != null) {
        throw new SyntaxException(
            place(parser.currentTokenLocation()),
            "unexpected content after the end of the top-level value");
      }
    } catch (JsonParseException e) {
      String message = e.getOriginalMessage();
      throw new SyntaxException(
          place(e.getLocation()), message == null ? "malformed JSON" : message);
    } catch (IOException e) {
      throw new SyntaxException(new Place(1, 1), "unreadable JSON: " + e.getMessage());
    }
  }

  static LocatedJson parse(String text) throws SyntaxException, TooDeepException {
    return new LocatedJson(text);
  }

  JsonNode root() {
    return root;
  }

  /** Where the value at {@code pointer} starts, or its closest enclosing value's start. */
  Place valueAt(String pointer) {
    String p = pointer;
    while (true) {
      Place place = values.get(p);
      if (place != null || p.isEmpty()) {
        return place == null ? new Place(1, 1) : place;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the field at {@code pointer} is, or its value's place for array elements. */
  Place keyAt(String pointer) {
    Place place = keys.get(pointer);
    return place != null ? place : valueAt(pointer);
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private JsonNode read(JsonParser parser, String pointer, int depth)
      throws IOException, TooDeepException {
    values.put(pointer, place(parser.currentTokenLocation()));
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonToken token = parser.currentToken();
    if (depth >= MAX_DEPTH && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
      throw new TooDeepException(
          place(parser.currentTokenLocation()),
          "arrays and objects nested deeper than "
              + MAX_DEPTH
              + " levels; a job file needs far fewer, so flatten the value");
    }
    switch (token) {
      case START_OBJECT:
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String child = pointer + "/" + escape(name);
          keys.put(child, place(parser.currentTokenLocation()));
          parser.nextToken();
          object.set(name, read(parser, child, depth + 1));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = nodes.arrayNode();
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser, pointer + "/" + i++, depth + 1));
        }
        return array;
      case VALUE_STRING:
        return nodes.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return nodes.numberNode(parser.getIntValue());
          case LONG:
            return nodes.numberNode(parser.getLongValue());
          default:
            return nodes.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return nodes.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
        return nodes.booleanNode(true);
      case VALUE_FALSE:
        return nodes.booleanNode(false);
      case VALUE_NULL:
        return nodes.nullNode();
      default:
        throw new JsonParseException(parser, "unexpected token " + token);
    }
  }

  private static Place place(JsonLocation location) {
    return location == null
        ? new Place(1, 1)
        : new Place(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }
}
