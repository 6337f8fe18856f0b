package dev.spider.tdl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The golden vectors produced by Rust's real rmp_serde (docs/value-encodings.md): the one reader of
 * the classpath resource {@code /golden-vectors.json} ({@code tdl-api/src/test/resources}).
 *
 * <p>Both are published in tdl-api's test-jar, so other modules' tests check their bytes against
 * the same vectors instead of copies: depend on {@code dev.spider:tdl-api} with {@code
 * <type>test-jar</type>} and {@code <scope>test</scope>}, plus {@code jackson-databind} (test
 * scope), which this reader uses.
 *
 * <p>The file is read once, when the class initializes; a missing or malformed file fails that
 * initialization. Immutable and thread-safe: every accessor of a {@link Vector} returns a fresh
 * copy of its bytes, so no test can change what another one reads.
 */
public final class GoldenVectors {

  /**
   * One vector, as the file describes it.
   *
   * @param name unique, e.g. {@code task_context/index_0}
   * @param form what the bytes are (MessagePack, the wire format, a native result buffer, …)
   * @param rustType the Rust type serialized; empty for the non-MessagePack forms
   * @param check how the vector is checked, e.g. {@code roundtrip}
   * @param bytes the golden bytes
   * @param isError for native result buffers: whether the result is an error
   * @param payloads for serialized task outputs: the payloads they hold, else empty
   */
  public record Vector(
      String name,
      String form,
      Optional<String> rustType,
      String check,
      byte[] bytes,
      Optional<Boolean> isError,
      List<byte[]> payloads) {

    public Vector {
      bytes = bytes.clone();
      payloads = payloads.stream().map(byte[]::clone).toList();
    }

    /** The golden bytes (a fresh copy). */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The payloads (fresh copies). */
    @Override
    public List<byte[]> payloads() {
      return payloads.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String RESOURCE = "/golden-vectors.json";

  private static final List<Vector> ALL = load();

  private GoldenVectors() {}

  /** Every vector, in file order. */
  public static List<Vector> all() {
    return ALL;
  }

  /**
   * The vector called {@code name}.
   *
   * @throws IllegalArgumentException when the file has no such vector
   */
  public static Vector named(String name) {
    return ALL.stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no golden vector named " + name + " in " + RESOURCE + ": check the name"));
  }

  private static List<Vector> load() {
    try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "golden-vectors.json missing from the test classpath: it comes from tdl-api's test"
                + " resources, or its test-jar (dev.spider:tdl-api, type test-jar)");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Vector> vectors = new ArrayList<>();
      for (JsonNode v : root.get("vectors")) {
        List<byte[]> payloads = new ArrayList<>();
        if (v.has("payloads_hex")) {
          v.get("payloads_hex").forEach(p -> payloads.add(HexFormat.of().parseHex(p.asText())));
        }
        vectors.add(
            new Vector(
                v.get("name").asText(),
                v.get("form").asText(),
                Optional.ofNullable(v.get("rust_type")).map(JsonNode::asText),
                v.get("check").asText(),
                HexFormat.of().parseHex(v.get("hex").asText()),
                Optional.ofNullable(v.get("is_error")).map(JsonNode::asBoolean),
                payloads));
      }
      return List.copyOf(vectors);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
