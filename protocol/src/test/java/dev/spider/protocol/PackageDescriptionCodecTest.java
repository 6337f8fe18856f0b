package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.mapKeys;
import static dev.spider.protocol.TestBytes.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spider.tdl.Version;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PackageDescriptionCodec}: the success payload of a Describe request. */
final class PackageDescriptionCodecTest {

  @Test
  void jarDescriptionRoundTrips() throws Exception {
    PackageDescription d =
        new PackageDescription(
            "integration_test_tasks",
            PackageDescription.Kind.JAR,
            new Version(0, 1, 7),
            List.of("add", "echo", "sum_list"));

    byte[] payload = PackageDescriptionCodec.encode(d);

    assertEquals(Set.of("name", "kind", "tdl_version", "tasks"), mapKeys(payload));
    assertEquals(d, PackageDescriptionCodec.decode(payload));
  }

  @Test
  void nativeDescriptionRoundTrips() throws Exception {
    PackageDescription d =
        new PackageDescription(
            "native_test_tasks", PackageDescription.Kind.NATIVE, Version.CURRENT, List.of());
    assertEquals(d, PackageDescriptionCodec.decode(PackageDescriptionCodec.encode(d)));
  }

  @Test
  void descriptionKeysInAnyOrder() throws Exception {
    byte[] payload =
        pack(
            p ->
                p.packMapHeader(4)
                    .packString("tasks")
                    .packArrayHeader(1)
                    .packString("t")
                    .packString("tdl_version")
                    .packArrayHeader(3)
                    .packInt(0)
                    .packInt(1)
                    .packInt(2)
                    .packString("kind")
                    .packString("jar")
                    .packString("name")
                    .packString("p"));
    assertEquals(
        new PackageDescription(
            "p", PackageDescription.Kind.JAR, new Version(0, 1, 2), List.of("t")),
        PackageDescriptionCodec.decode(payload));
  }

  @Test
  void malformedDescriptions() {
    BigInteger twoPow31 = BigInteger.ONE.shiftLeft(31);
    byte[][] payloads = {
      pack(
          p ->
              p.packMapHeader(4)
                  .packString("name")
                  .packString("p")
                  .packString("kind")
                  .packString("python")
                  .packString("tdl_version")
                  .packArrayHeader(3)
                  .packInt(0)
                  .packInt(1)
                  .packInt(0)
                  .packString("tasks")
                  .packArrayHeader(0)),
      pack(
          p ->
              p.packMapHeader(3)
                  .packString("name")
                  .packString("p")
                  .packString("kind")
                  .packString("jar")
                  .packString("tdl_version")
                  .packArrayHeader(3)
                  .packInt(0)
                  .packInt(1)
                  .packInt(0)),
      pack(
          p ->
              p.packMapHeader(4)
                  .packString("name")
                  .packString("p")
                  .packString("kind")
                  .packString("jar")
                  .packString("tdl_version")
                  .packArrayHeader(2)
                  .packInt(0)
                  .packInt(1)
                  .packString("tasks")
                  .packArrayHeader(0)),
      pack(
          p ->
              p.packMapHeader(4)
                  .packString("name")
                  .packString("p")
                  .packString("kind")
                  .packString("jar")
                  .packString("tdl_version")
                  .packArrayHeader(3)
                  .packInt(0)
                  .packInt(1)
                  .packInt(0)
                  .packString("tasks")
                  .packArrayHeader(1)
                  .packInt(3)),
      // A version component that does not fit an int is malformed, not an IllegalArgumentException.
      pack(
          p ->
              p.packMapHeader(4)
                  .packString("name")
                  .packString("p")
                  .packString("kind")
                  .packString("jar")
                  .packString("tdl_version")
                  .packArrayHeader(3)
                  .packBigInteger(twoPow31)
                  .packInt(1)
                  .packInt(0)
                  .packString("tasks")
                  .packArrayHeader(0)),
      pack(p -> p.packString("p")),
    };
    for (byte[] payload : payloads) {
      assertThrows(ProtocolException.class, () -> PackageDescriptionCodec.decode(payload));
    }
  }
}
