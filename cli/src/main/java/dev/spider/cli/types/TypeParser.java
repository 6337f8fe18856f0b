package dev.spider.cli.types;

import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Recursive descent over {@code name} or {@code name<type(, type)*>}, spaces allowed.
 *
 * <p>One instance per parse, never shared: not thread-safe; {@link #parse} is.
 */
final class TypeParser {

  private static final String VALID =
      "valid types: "
          + Arrays.stream(Scalar.values()).map(Scalar::toString).collect(Collectors.joining(", "))
          + ", list<T>, map<K, V>, option<T>";

  private final String text;
  private int pos;

  private TypeParser(String text) {
    this.text = text;
  }

  /** The type {@code text} names, see {@link TdlType#parse}. */
  static TdlType parse(String text) {
    TypeParser parser = new TypeParser(text);
    TdlType type = parser.type();
    parser.end();
    return type;
  }

  private TdlType type() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw error("expected a type name at position " + start);
    }
    switch (name) {
      case "list":
        expect('<');
        TdlType element = type();
        expect('>');
        return new ListOf(element);
      case "option":
        expect('<');
        TdlType inner = type();
        expect('>');
        try {
          return new OptionOf(inner);
        } catch (IllegalArgumentException e) {
          throw error(e.getMessage());
        }
      case "map":
        expect('<');
        TdlType key = type();
        expect(',');
        TdlType value = type();
        expect('>');
        try {
          return new MapOf(key, value);
        } catch (IllegalArgumentException e) {
          throw error(e.getMessage());
        }
      default:
        for (Scalar s : Scalar.values()) {
          if (s.toString().equals(name)) {
            return s;
          }
        }
        throw error("unknown type '" + text.substring(start, pos) + "'");
    }
  }

  private void end() {
    skipSpaces();
    if (pos != text.length()) {
      throw error("unexpected '" + text.substring(pos) + "' after the type");
    }
  }

  private void expect(char c) {
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "' at position " + pos);
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("bad type \"" + text + "\": " + what + "; " + VALID);
  }
}
