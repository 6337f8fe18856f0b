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

/** The golden vectors produced by Rust's real rmp_serde, read from the test resources. */
public final class GoldenVectors {

  /** One vector; {@code rustType} is empty for the non-MessagePack forms. */
  public record Vector(
      String name,
      String form,
      Optional<String> rustType,
      String check,
      byte[] bytes,
      Optional<Boolean> isError,
      List<byte[]> payloads) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Vector> ALL = load();

  private GoldenVectors() {}

  public static List<Vector> all() {
    return ALL;
  }

  public static Vector named(String name) {
    return ALL.stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no golden vector named " + name));
  }

  private static List<Vector> load() {
    try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("golden-vectors.json missing from the test resources");
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
      throw new UncheckedIOException(e);
    }
  }
}
