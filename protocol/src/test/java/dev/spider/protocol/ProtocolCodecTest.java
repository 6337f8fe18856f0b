package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public façade: each method gives what the codec behind it gives. The formats themselves are
 * tested per codec (RequestCodecTest, ResponseCodecTest, ExecutorErrorCodecTest,
 * PackageDescriptionCodecTest).
 */
final class ProtocolCodecTest {

  @Test
  void requests() throws Exception {
    Request.Describe describe = new Request.Describe(-1L, "pkg");
    byte[] encoded = ProtocolCodec.encode(describe);
    assertArrayEquals(RequestCodec.encode(describe), encoded);
    assertEquals(describe, ProtocolCodec.decodeRequest(encoded));
    assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(bytes(0x92, 0x09, 0x07)));
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRequest(bytes(0xc1)));
    assertThrows(
        IllegalArgumentException.class, () -> ProtocolCodec.encode(new Request.Invalid(1, "no")));
  }

  @Test
  void responses() throws Exception {
    Response.Result result = new Response.Result(3, true, bytes(0, 0, 0, 0), 10);
    byte[] encoded = ProtocolCodec.encode(result);
    assertArrayEquals(ResponseCodec.encode(result), encoded);
    assertEquals(result, ProtocolCodec.decodeResponse(encoded));
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(bytes(0x92, 0x09)));
  }

  @Test
  void failurePayloads() throws Exception {
    ExecutorError error = ExecutorError.taskError(TdlError.custom("m"));
    byte[] encoded = ProtocolCodec.encodeError(error);
    assertArrayEquals(ExecutorErrorCodec.encode(error), encoded);
    ExecutorError decoded = ProtocolCodec.decodeError(encoded);
    // TdlError is an exception, without value equality: compare what the payload carries.
    assertEquals(error.toString(), decoded.toString());
    assertEquals(TdlError.Kind.CUSTOM, decoded.tdlError().orElseThrow().kind());
    assertEquals("m", decoded.tdlError().orElseThrow().getMessage());
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeError(bytes(0x90)));
  }

  @Test
  void descriptions() throws Exception {
    PackageDescription description =
        new PackageDescription(
            "p", PackageDescription.Kind.JAR, new Version(0, 1, 0), List.of("a", "b"));
    byte[] encoded = ProtocolCodec.encodeDescription(description);
    assertArrayEquals(PackageDescriptionCodec.encode(description), encoded);
    assertEquals(description, ProtocolCodec.decodeDescription(encoded));
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeDescription(bytes(0x90)));
  }
}
