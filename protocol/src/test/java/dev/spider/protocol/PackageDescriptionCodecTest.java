package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.mapKeys;
import static dev.spider.protocol.TestBytes.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Version;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
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
  void signaturesRoundTrip() throws Exception {
    TaskSignature add =
        new TaskSignature(
            List.of(new TypeSpelling.Tdl("int64"), new TypeSpelling.Tdl("int64")),
            List.of(new TypeSpelling.Tdl("int64")));
    TaskSignature point =
        new TaskSignature(
            List.of(new TypeSpelling.JavaOnly("com.example.Point", "a record")), List.of());
    PackageDescription d =
        new PackageDescription(
            "p",
            PackageDescription.Kind.JAR,
            Version.CURRENT,
            List.of("add", "point"),
            Map.of("add", add, "point", point));

    byte[] payload = PackageDescriptionCodec.encode(d);

    assertEquals(Set.of("name", "kind", "tdl_version", "tasks", "signatures"), mapKeys(payload));
    PackageDescription decoded = PackageDescriptionCodec.decode(payload);
    assertEquals(d, decoded);
    assertEquals("(int64, int64) -> (int64)", decoded.signature("add").orElseThrow().toString());
    assertEquals(
        "(java:com.example.Point) -> ()", decoded.signature("point").orElseThrow().toString());
  }

  @Test
  void aPayloadWithoutSignaturesHasNone() throws Exception {
    byte[] old =
        PackageDescriptionCodec.encode(
            new PackageDescription(
                "p", PackageDescription.Kind.JAR, Version.CURRENT, List.of("add")));
    assertEquals(Set.of("name", "kind", "tdl_version", "tasks"), mapKeys(old));
    PackageDescription decoded = PackageDescriptionCodec.decode(old);
    assertEquals(Map.of(), decoded.signatures());
    assertTrue(decoded.signature("add").isEmpty());
  }

  @Test
  void aSignatureOfAnUnlistedTaskIsRefused() {
    TaskSignature none = new TaskSignature(List.of(), List.of());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PackageDescription(
                "p",
                PackageDescription.Kind.JAR,
                Version.CURRENT,
                List.of("a"),
                Map.of("b", none)));
    byte[] payload =
        signedPayload(
            p ->
                p.packString("b")
                    .packMapHeader(2)
                    .packString("inputs")
                    .packArrayHeader(0)
                    .packString("outputs")
                    .packArrayHeader(0));
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> PackageDescriptionCodec.decode(payload));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
  }

  @Test
  void malformedSignatures() {
    byte[][] payloads = {
      signedPayload(p -> p.packString("a").packString("int64")),
      signedPayload(
          p -> p.packString("a").packMapHeader(1).packString("inputs").packArrayHeader(0)),
      signedPayload(
          p ->
              p.packString("a")
                  .packMapHeader(2)
                  .packString("inputs")
                  .packArrayHeader(1)
                  .packInt(7)
                  .packString("outputs")
                  .packArrayHeader(0)),
      signedPayload(
          p ->
              p.packString("a")
                  .packMapHeader(2)
                  .packString("inputs")
                  .packArrayHeader(1)
                  .packMapHeader(1)
                  .packString("reason")
                  .packString("no java key")
                  .packString("outputs")
                  .packArrayHeader(0)),
    };
    for (byte[] payload : payloads) {
      assertThrows(ProtocolException.class, () -> PackageDescriptionCodec.decode(payload));
    }
  }

  /** A description of package {@code p} with task {@code a} and one signature entry. */
  private static byte[] signedPayload(TestBytes.Body signatureEntry) {
    return pack(
        p -> {
          p.packMapHeader(5)
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
              .packString("a")
              .packString("signatures")
              .packMapHeader(1);
          signatureEntry.pack(p);
        });
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
