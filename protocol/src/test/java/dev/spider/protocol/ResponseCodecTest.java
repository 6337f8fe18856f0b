package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.bytes;
import static dev.spider.protocol.TestBytes.concat;
import static dev.spider.protocol.TestBytes.pack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Version;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ResponseCodec} and the response kinds' codecs: exact bytes, round trips, strictness. */
final class ResponseCodecTest {

  /** u64::MAX, carried in a long. */
  private static final long U64_MAX = -1L;

  private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);

  @Test
  void everyResponseKindHasTheCodecOfItsType() {
    assertEquals(Set.of(Response.class.getPermittedSubclasses()), ResponseCodec.BY_TYPE.keySet());
    ResponseCodec.BY_TYPE.forEach((type, codec) -> assertEquals(type, codec.type()));
  }

  @Nested
  final class ResponseRoundTrips {

    @Test
    void helloExactBytes() throws Exception {
      Response.Hello hello = new Response.Hello(1, new Version(0, 1, 0), 12345);
      assertArrayEquals(
          bytes(0x94, 0x01, 0x01, 0x93, 0x00, 0x01, 0x00, 0xcd, 0x30, 0x39),
          ResponseCodec.encode(hello));
      assertArrayEquals(
          bytes(0x94, 0x01, 0x01, 0x93, 0x00, 0x01, 0x00, 0x07),
          ResponseCodec.encode(new Response.Hello(1, new Version(0, 1, 0), 7)));
      assertEquals(hello, ResponseCodec.decode(ResponseCodec.encode(hello)));
    }

    @Test
    void helloWithALargePid() throws Exception {
      Response.Hello hello = new Response.Hello(1, new Version(3, 14, 159), 4_194_304_123L);
      assertEquals(hello, ResponseCodec.decode(ResponseCodec.encode(hello)));
    }

    @Test
    void successResult() throws Exception {
      Response.Result result = new Response.Result(U64_MAX, true, bytes(0, 0, 0, 0), 1_234_567);
      assertEquals(result, ResponseCodec.decode(ResponseCodec.encode(result)));
    }

    @Test
    void failureResult() throws Exception {
      byte[] payload =
          ExecutorErrorCodec.encode(ExecutorError.of(ErrorKind.INVALID_REQUEST, "bad"));
      Response.Result result = new Response.Result(U64_MAX, false, payload, 0);
      Response decoded = ResponseCodec.decode(ResponseCodec.encode(result));
      assertEquals(result, decoded);
      assertEquals(U64_MAX, ((Response.Result) decoded).seq());
    }

    @Test
    void resultExactBytes() {
      assertArrayEquals(
          bytes(0x95, 0x00, 0x01, 0x01, 0xc4, 0x02, 0xab, 0xcd, 0x05),
          ResponseCodec.encode(new Response.Result(1, false, bytes(0xab, 0xcd), 5)));
    }
  }

  @Nested
  final class StrictResponses {

    @Test
    void unknownTag() {
      byte[] body = pack(p -> p.packArrayHeader(2).packInt(2).packInt(1));
      ProtocolException e = assertThrows(ProtocolException.class, () -> ResponseCodec.decode(body));
      assertTrue(e.getMessage().contains("unknown response tag 2"), e.getMessage());
    }

    @Test
    void statusOtherThanZeroOrOne() {
      byte[] body =
          pack(
              p ->
                  p.packArrayHeader(5)
                      .packInt(0)
                      .packInt(1)
                      .packInt(2)
                      .packBinaryHeader(0)
                      .packInt(0));
      ProtocolException e = assertThrows(ProtocolException.class, () -> ResponseCodec.decode(body));
      assertTrue(e.getMessage().contains("status"), e.getMessage());
    }

    @Test
    void trailingBytes() {
      byte[] body =
          concat(ResponseCodec.encode(new Response.Result(1, true, bytes(1), 2)), (byte) 0xc0);
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(body));
    }

    @Test
    void notMessagePack() {
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(bytes(0xc1)));
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(bytes(0x95, 0x00)));
    }

    @Test
    void wrongShapes() {
      byte[][] bodies = {
        pack(p -> p.packInt(0)),
        pack(p -> p.packArrayHeader(0)),
        // Result: 4 elements; payload as str; negative seq; negative elapsed_us.
        pack(p -> p.packArrayHeader(4).packInt(0).packInt(1).packInt(0).packBinaryHeader(0)),
        pack(p -> p.packArrayHeader(5).packInt(0).packInt(1).packInt(0).packString("x").packInt(0)),
        pack(
            p ->
                p.packArrayHeader(5)
                    .packInt(0)
                    .packInt(-1)
                    .packInt(0)
                    .packBinaryHeader(0)
                    .packInt(0)),
        pack(
            p ->
                p.packArrayHeader(5)
                    .packInt(0)
                    .packInt(1)
                    .packInt(0)
                    .packBinaryHeader(0)
                    .packInt(-3)),
        // Hello: 3 elements; tdl_version of 2 components; pid as str.
        pack(
            p ->
                p.packArrayHeader(3)
                    .packInt(1)
                    .packInt(1)
                    .packArrayHeader(3)
                    .packInt(0)
                    .packInt(1)
                    .packInt(0)),
        pack(
            p ->
                p.packArrayHeader(4)
                    .packInt(1)
                    .packInt(1)
                    .packArrayHeader(2)
                    .packInt(0)
                    .packInt(1)
                    .packInt(7)),
        pack(
            p ->
                p.packArrayHeader(4)
                    .packInt(1)
                    .packInt(1)
                    .packArrayHeader(3)
                    .packInt(0)
                    .packInt(1)
                    .packInt(0)
                    .packString("7")),
      };
      for (byte[] body : bodies) {
        assertThrows(
            ProtocolException.class, () -> ResponseCodec.decode(body), () -> Arrays.toString(body));
      }
    }

    @Test
    void helloProtocolVersionBeyondTheIntRangeIsNotTruncated() {
      // 2^32 + 1 must not be read as protocol version 1.
      byte[] body =
          pack(
              p ->
                  p.packArrayHeader(4)
                      .packInt(1)
                      .packBigInteger(TWO_POW_32.add(BigInteger.ONE))
                      .packArrayHeader(3)
                      .packInt(0)
                      .packInt(1)
                      .packInt(0)
                      .packInt(7));
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(body));
    }

    @Test
    void helloVersionComponentsBeyondTheIntRange() {
      byte[] wraps =
          pack(
              p ->
                  p.packArrayHeader(4)
                      .packInt(1)
                      .packInt(1)
                      .packArrayHeader(3)
                      .packBigInteger(TWO_POW_32)
                      .packInt(1)
                      .packInt(0)
                      .packInt(7));
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(wraps));

      byte[] negative =
          pack(
              p ->
                  p.packArrayHeader(4)
                      .packInt(1)
                      .packInt(1)
                      .packArrayHeader(3)
                      .packInt(0)
                      .packLong(1L << 31)
                      .packInt(0)
                      .packInt(7));
      assertThrows(ProtocolException.class, () -> ResponseCodec.decode(negative));
    }
  }
}
