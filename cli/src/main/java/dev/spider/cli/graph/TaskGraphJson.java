package dev.spider.cli.graph;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;

/**
 * The JSON form of upstream's task graph, as {@code RegisterJob} carries it (zstd-compressed,
 * {@link #parseCompressed}/{@link #writeCompressed}): reading with upstream's rules ({@link
 * TaskGraphReader}, {@link TaskGraphCheck}) and writing ({@link TaskGraphWriter}). The layout, with
 * an example, is in docs/job-files.md ("Running a job file on a cluster").
 *
 * <p>Duplicate keys and trailing content are refused, as serde refuses them; unknown fields are
 * ignored, as serde ignores them.
 *
 * <p>Stateless and thread-safe.
 */
public final class TaskGraphJson {

  /** The default cap on a decompressed graph: a hostile frame must not exhaust the heap. */
  public static final int DEFAULT_MAX_JSON_BYTES = 64 << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TaskGraphJson() {}

  /**
   * Reads a task graph from its JSON (UTF-8).
   *
   * @throws InvalidTaskGraphException when the bytes are not JSON, not a task graph, or break one
   *     of upstream's rules; the message names the offending value's JSON pointer
   */
  public static TaskGraph parse(byte[] json) throws InvalidTaskGraphException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidTaskGraphException(
          "",
          "not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException e) {
      // Reading a byte array does no I/O; Jackson declares it for streams.
      throw new InvalidTaskGraphException("", "cannot read the JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidTaskGraphException("", "empty document; expected a task graph object");
    }
    return TaskGraphReader.read(root);
  }

  /** As {@link #parse(byte[])}, from text. */
  public static TaskGraph parse(String json) throws InvalidTaskGraphException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads {@code RegisterJob}'s {@code compressed_serialized_task_graph}: a zstd frame holding the
   * JSON.
   *
   * @param maxJsonBytes frames inflating beyond this are refused ({@link #DEFAULT_MAX_JSON_BYTES})
   * @throws InvalidTaskGraphException when the frame is corrupt or too large, or as {@link
   *     #parse(byte[])}
   */
  public static TaskGraph parseCompressed(byte[] zstd, int maxJsonBytes)
      throws InvalidTaskGraphException {
    byte[] json;
    try {
      json = ZstdFrames.decompress(zstd, maxJsonBytes);
    } catch (DataFormatException e) {
      throw new InvalidTaskGraphException("", "compressed task graph: " + e.getMessage());
    }
    return parse(json);
  }

  /** The graph's JSON, compact, UTF-8. */
  public static byte[] write(TaskGraph graph) {
    return writeString(graph).getBytes(StandardCharsets.UTF_8);
  }

  /** The graph's JSON, compact. */
  public static String writeString(TaskGraph graph) {
    return TaskGraphWriter.write(graph).toString();
  }

  /** The graph's JSON as a tree, e.g. to compare documents. */
  public static JsonNode writeTree(TaskGraph graph) {
    return TaskGraphWriter.write(graph);
  }

  /** {@code RegisterJob}'s {@code compressed_serialized_task_graph}: the JSON in a zstd frame. */
  public static byte[] writeCompressed(TaskGraph graph) {
    return ZstdFrames.compress(write(graph));
  }
}
