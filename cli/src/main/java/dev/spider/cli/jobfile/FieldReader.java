package dev.spider.cli.jobfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Ascii;
import dev.spider.cli.NearestName;
import dev.spider.cli.jobfile.LocatedJson.Place;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The field-level rules of one job file, and where its problems are: every {@link JobFileException}
 * of a parse is made here, from a JSON pointer into the document, so it names the line and column
 * of the offending text. Unknown fields are refused with the closest known name as a suggestion.
 *
 * <p>Immutable; one per parse (it knows the file and its {@link LocatedJson}).
 */
final class FieldReader {

  private final String source;
  private final LocatedJson json;

  /**
   * @param source the file as the user named it, for messages
   * @param json the parsed document, with the places of its values and keys
   */
  FieldReader(String source, LocatedJson json) {
    this.source = source;
    this.json = json;
  }

  /**
   * Refuses fields of {@code object} outside {@code allowed}, then missing {@code required} ones.
   *
   * @param what the object, for messages, e.g. {@code "task 'a'"}
   */
  void checkFields(
      JsonNode object, String pointer, String what, Set<String> allowed, Set<String> required)
      throws JobFileException {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        String suggestion =
            NearestName.within(name, allowed, 2)
                .map(s -> "did you mean \"" + s + "\"? ")
                .orElse("");
        throw atKey(
            pointer + "/" + LocatedJson.escape(name),
            "unknown field \""
                + name
                + "\" in "
                + what
                + "; "
                + suggestion
                + "the fields are "
                + String.join(", ", allowed));
      }
    }
    for (String name : required) {
      if (!object.has(name)) {
        throw at(pointer, what + " has no \"" + name + "\" field; add one");
      }
    }
  }

  /** The string field {@code field} of {@code object}, which must be there. */
  String requiredString(JsonNode object, String pointer, String field) throws JobFileException {
    JsonNode node = object.get(field);
    if (node == null || !node.isTextual()) {
      throw at(
          pointer + "/" + field,
          "\"" + field + "\" must be a string, found " + (node == null ? "nothing" : kind(node)));
    }
    return node.textValue();
  }

  /** The string field {@code field} of {@code object}, if it is there. */
  Optional<String> optionalString(JsonNode object, String pointer, String field)
      throws JobFileException {
    return object.has(field)
        ? Optional.of(requiredString(object, pointer, field))
        : Optional.empty();
  }

  /** A problem placed where the value at {@code pointer} starts. */
  JobFileException at(String pointer, String problem) {
    Place place = json.valueAt(pointer);
    return new JobFileException(source, place.line(), place.column(), problem);
  }

  /** A problem placed at the key of the field at {@code pointer}. */
  JobFileException atKey(String pointer, String problem) {
    Place place = json.keyAt(pointer);
    return new JobFileException(source, place.line(), place.column(), problem);
  }

  /** What a value is, for messages: {@code an object}, {@code the string "x"}, ... */
  static String kind(JsonNode node) {
    String shown = Ascii.truncate(node.toString(), 30, "...");
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return node.isEmpty() ? "an empty array" : "an array";
    }
    if (node.isTextual()) {
      return "the string " + shown;
    }
    if (node.isNumber()) {
      return "the number " + shown;
    }
    return node.isBoolean() ? shown : "null";
  }
}
