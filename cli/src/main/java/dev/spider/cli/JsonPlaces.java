package dev.spider.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a JSON text starts, by JSON pointer ({@code /tasks/2/inputs/0}), so a problem
 * found in an already parsed job file can still name its line and column. Nesting is bounded, as
 * the job-file reader bounds it.
 *
 * <p>Immutable after {@link #of}; thread-safe.
 */
final class JsonPlaces {

  /** Deeper values are not indexed: a job file's checked places are a few levels deep. */
  private static final int MAX_DEPTH = 8;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
          .build();

  /** A 1-based line and column. */
  record Place(int line, int column) {}

  private final Map<String, Place> places;

  private JsonPlaces(Map<String, Place> places) {
    this.places = places;
  }

  /** No places: every problem is reported without a line. */
  static JsonPlaces none() {
    return new JsonPlaces(Map.of());
  }

  /**
   * The places of a text.
   *
   * @throws IOException when the text is not JSON (the caller parsed it already, so it changed)
   */
  static JsonPlaces of(String text) throws IOException {
    Map<String, Place> places = new HashMap<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      // Per open container: its pointer and, for an array, the next element's index.
      Deque<String> pointers = new ArrayDeque<>();
      Deque<int[]> indexes = new ArrayDeque<>();
      String field = null;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          field = parser.currentName();
          continue;
        }
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          pointers.pop();
          indexes.pop();
          continue;
        }
        String pointer;
        if (pointers.isEmpty()) {
          pointer = "";
        } else if (indexes.peek()[0] >= 0) {
          pointer = pointers.peek() + "/" + indexes.peek()[0]++;
        } else {
          pointer = pointers.peek() + "/" + escape(field);
        }
        if (pointers.size() <= MAX_DEPTH) {
          JsonLocation at = parser.currentTokenLocation();
          places.putIfAbsent(pointer, new Place(at.getLineNr(), at.getColumnNr()));
        }
        if (token == JsonToken.START_OBJECT) {
          pointers.push(pointer);
          indexes.push(new int[] {-1});
        } else if (token == JsonToken.START_ARRAY) {
          pointers.push(pointer);
          indexes.push(new int[] {0});
        }
      }
    }
    return new JsonPlaces(Map.copyOf(places));
  }

  /** The place of {@code pointer}, else of its nearest indexed ancestor, else line 0 (none). */
  Place at(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Place place = places.get(p);
      if (place != null) {
        return place;
      }
      if (p.isEmpty()) {
        return new Place(0, 0);
      }
    }
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
