package dev.spider.protocol;

import static dev.spider.protocol.Msgpack.bytes;
import static dev.spider.protocol.Msgpack.concat;
import static dev.spider.protocol.Msgpack.pack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Version;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ProtocolCodecTest {

  /** u64::MAX, carried in a long. */
  private static final long U64_MAX = -1L;

  private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);

  @Nested
  final class RequestRoundTrips {

    @Test
    void executeWithTheLargestSeq() throws Exception {
      Request.Execute execute =
          new Request.Execute(U64_MAX, "pkg_1", "task-a", bytes(0x95, 1, 2, 3, 4, 0xc0), bytes(0, 0, 0, 0));

      byte[] encoded = ProtocolCodec.encode(execute);

      // [0, uint64 0xffffffffffffffff, ...]: the seq goes out as an unsigned 64-bit value.
      assertArrayEquals(
          bytes(0x96, 0x00, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
          Arrays.copyOf(encoded, 11));
      assertEquals(execute, ProtocolCodec.decodeRequest(encoded));
    }

    @Test
    void executeWithEmptyByteFieldsAndUnicodeNames() throws Exception {
      Request.Execute execute = new Request.Execute(0, "p", "tâche ✓", new byte[0], new byte[0]);
      Request decoded = ProtocolCodec.decodeRequest(ProtocolCodec.encode(execute));
      assertEquals(execute, decoded);
    }

    @Test
    void shutdown() throws Exception {
      byte[] encoded = ProtocolCodec.encode(new Request.Shutdown());
      assertArrayEquals(bytes(0x91, 0x01), encoded);
      assertEquals(new Request.Shutdown(), ProtocolCodec.decodeRequest(encoded));
    }

    @Test
    void interrupt() throws Exception {
      for (long seq : new long[] {0, 1, 127, 128, Long.MAX_VALUE, U64_MAX}) {
        Request.Interrupt interrupt = new Request.Interrupt(seq);
        assertEquals(interrupt, ProtocolCodec.decodeRequest(ProtocolCodec.encode(interrupt)));
      }
      assertArrayEquals(bytes(0x92, 0x02, 0x2a), ProtocolCodec.encode(new Request.Interrupt(42)));
    }

    @Test
    void describe() throws Exception {
      Request.Describe describe = new Request.Describe(U64_MAX, "native_test_tasks");
      assertEquals(describe, ProtocolCodec.decodeRequest(ProtocolCodec.encode(describe)));
    }

    @Test
    void anInvalidRequestHasNoEncoding() {
      assertThrows(
          IllegalArgumentException.class,
          () -> ProtocolCodec.encode(new Request.Invalid(1, "no")));
    }
  }

  @Nested
  final class ResponseRoundTrips {

    @Test
    void helloExactBytes() throws Exception {
      Response.Hello hello = new Response.Hello(1, new Version(0, 1, 0), 12345);
      assertArrayEquals(
          bytes(0x94, 0x01, 0x01, 0x93, 0x00, 0x01, 0x00, 0xcd, 0x30, 0x39),
          ProtocolCodec.encode(hello));
      assertArrayEquals(
          bytes(0x94, 0x01, 0x01, 0x93, 0x00, 0x01, 0x00, 0x07),
          ProtocolCodec.encode(new Response.Hello(1, new Version(0, 1, 0), 7)));
      assertEquals(hello, ProtocolCodec.decodeResponse(ProtocolCodec.encode(hello)));
    }

    @Test
    void helloWithALargePid() throws Exception {
      Response.Hello hello = new Response.Hello(1, new Version(3, 14, 159), 4_194_304_123L);
      assertEquals(hello, ProtocolCodec.decodeResponse(ProtocolCodec.encode(hello)));
    }

    @Test
    void successResult() throws Exception {
      Response.Result result = new Response.Result(U64_MAX, true, bytes(0, 0, 0, 0), 1_234_567);
      assertEquals(result, ProtocolCodec.decodeResponse(ProtocolCodec.encode(result)));
    }

    @Test
    void failureResult() throws Exception {
      byte[] payload = ProtocolCodec.encodeError(ExecutorError.of(ErrorKind.INVALID_REQUEST, "bad"));
      Response.Result result = new Response.Result(U64_MAX, false, payload, 0);
      Response decoded = ProtocolCodec.decodeResponse(ProtocolCodec.encode(result));
      assertEquals(result, decoded);
      assertEquals(U64_MAX, ((Response.Result) decoded).seq());
    }

    @Test
    void resultExactBytes() {
      assertArrayEquals(
          bytes(0x95, 0x00, 0x01, 0x01, 0xc4, 0x02, 0xab, 0xcd, 0x05),
          ProtocolCodec.encode(new Response.Result(1, false, bytes(0xab, 0xcd), 5)));
    }
  }

  @Nested
  final class InvalidRequests {

    @Test
    void unknownTagTakesTheSeqFromTheSecondElement() throws Exception {
      Request.Invalid invalid = invalid(pack(p -> p.packArrayHeader(3).packInt(9).packInt(42).packString("x")));
      assertEquals(42, invalid.seq());
      assertTrue(invalid.reason().contains("unknown request tag 9"), invalid.reason());
    }

    @Test
    void unknownTagWithAHugeSeq() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(2).packInt(4).packBigInteger(new BigInteger("18446744073709551615"))));
      assertEquals(U64_MAX, invalid.seq());
    }

    @Test
    void unknownTagWithoutAUintSecondElementHasSeqZero() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(9).packString("42"))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(1).packInt(9))).seq());
    }

    @Test
    void tagOutsideTheIntRangeOrNotAnInteger() throws Exception {
      assertEquals(6, invalid(pack(p -> p.packArrayHeader(2).packBigInteger(TWO_POW_32).packInt(6))).seq());
      assertEquals(7, invalid(pack(p -> p.packArrayHeader(2).packInt(-1).packInt(7))).seq());
      assertEquals(8, invalid(pack(p -> p.packArrayHeader(2).packString("0").packInt(8))).seq());
    }

    @Test
    void executeWithTooFewOrTooManyElements() throws Exception {
      Request.Invalid five =
          invalid(pack(p -> p.packArrayHeader(5).packInt(0).packInt(11).packString("p").packString("t")
              .packBinaryHeader(0)));
      assertEquals(11, five.seq());
      assertTrue(five.reason().contains("Execute has 6 elements, found 5"), five.reason());

      Request.Invalid seven =
          invalid(pack(p -> p.packArrayHeader(7).packInt(0).packInt(12).packString("p").packString("t")
              .packBinaryHeader(0).packBinaryHeader(0).packNil()));
      assertEquals(12, seven.seq());
    }

    @Test
    void otherRequestsWithTheWrongArity() throws Exception {
      assertEquals(5, invalid(pack(p -> p.packArrayHeader(2).packInt(1).packInt(5))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(1).packInt(2))).seq());
      assertEquals(9, invalid(pack(p -> p.packArrayHeader(3).packInt(2).packInt(9).packInt(9))).seq());
      assertEquals(4, invalid(pack(p -> p.packArrayHeader(2).packInt(3).packInt(4))).seq());
    }

    @Test
    void packageSentAsBin() throws Exception {
      byte[] pkg = "pkg".getBytes(StandardCharsets.UTF_8);
      Request.Invalid execute =
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(13)
              .packBinaryHeader(3).addPayload(pkg).packString("t")
              .packBinaryHeader(0).packBinaryHeader(0)));
      assertEquals(13, execute.seq());
      assertTrue(execute.reason().contains("package must be a string"), execute.reason());

      Request.Invalid describe =
          invalid(pack(p -> p.packArrayHeader(3).packInt(3).packInt(14).packBinaryHeader(3).addPayload(pkg)));
      assertEquals(14, describe.seq());
    }

    @Test
    void rawContextSentAsString() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(15).packString("p").packString("t")
              .packString("ctx").packBinaryHeader(0)));
      assertEquals(15, invalid.seq());
      assertTrue(invalid.reason().contains("raw_ctx must be bin"), invalid.reason());
    }

    @Test
    void rawContextSentAsArray() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(16).packString("p").packString("t")
              .packArrayHeader(2).packInt(1).packInt(2).packBinaryHeader(0)));
      assertEquals(16, invalid.seq());
      assertTrue(invalid.reason().contains("raw_ctx"), invalid.reason());
    }

    @Test
    void rawInputsSentAsArray() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(17).packString("p").packString("t")
              .packBinaryHeader(0).packArrayHeader(4).packInt(0).packInt(0).packInt(0).packInt(0)));
      assertEquals(17, invalid.seq());
      assertTrue(invalid.reason().contains("raw_inputs"), invalid.reason());
    }

    @Test
    void invalidUtf8InTheTaskName() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(18).packString("p")
              .packRawStringHeader(2).addPayload(bytes(0xff, 0xfe))
              .packBinaryHeader(0).packBinaryHeader(0)));
      assertEquals(18, invalid.seq());
      assertTrue(invalid.reason().contains("task_func is not valid UTF-8"), invalid.reason());
    }

    @Test
    void invalidUtf8InThePackageOfADescribe() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(3).packInt(3).packInt(19)
              .packRawStringHeader(3).addPayload(bytes('a', 0xc3, 0x28))));
      assertEquals(19, invalid.seq());
    }

    @Test
    void trailingBytesAfterAValidRequest() throws Exception {
      byte[] execute = ProtocolCodec.encode(new Request.Execute(20, "p", "t", bytes(1), bytes(2)));
      Request.Invalid afterExecute = invalid(concat(execute, (byte) 0xc0));
      assertEquals(20, afterExecute.seq());
      assertTrue(afterExecute.reason().contains("trailing"), afterExecute.reason());

      Request.Invalid afterShutdown = invalid(concat(ProtocolCodec.encode(new Request.Shutdown()), (byte) 0x01));
      assertEquals(0, afterShutdown.seq());

      // Two whole requests in one frame are one request too many.
      byte[] twoInterrupts =
          concat(ProtocolCodec.encode(new Request.Interrupt(21)), ProtocolCodec.encode(new Request.Interrupt(22)));
      assertEquals(21, invalid(twoInterrupts).seq());
    }

    @Test
    void valuesThatAreNotArrays() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packInt(7))).seq());
      assertEquals(0, invalid(pack(p -> p.packString("shutdown"))).seq());
      assertEquals(0, invalid(pack(p -> p.packNil())).seq());
      assertEquals(0, invalid(pack(p -> p.packMapHeader(1).packInt(0).packInt(5))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(0))).seq());
    }

    @Test
    void negativeSeqBecomesZero() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packInt(-5))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(3).packInt(3).packLong(Long.MIN_VALUE).packString("p"))).seq());
      assertEquals(
          0,
          invalid(pack(p -> p.packArrayHeader(6).packInt(0).packInt(-1).packString("p").packString("t")
              .packBinaryHeader(0).packBinaryHeader(0))).seq());
    }

    @Test
    void seqThatIsNotAnIntegerBecomesZero() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packString("7"))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packDouble(7.0))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packNil())).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(3).packInt(3).packBoolean(true).packString("p"))).seq());
    }

    private Request.Invalid invalid(byte[] body) throws ProtocolException {
      return assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(body));
    }
  }

  @Nested
  final class UnreadableRequests {

    @Test
    void truncatedArray() {
      ProtocolException e =
          assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRequest(bytes(0x93, 0x01)));
      assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    }

    @Test
    void truncatedExecute() {
      byte[] execute = ProtocolCodec.encode(new Request.Execute(1, "pkg", "task", bytes(1, 2, 3), bytes(4)));
      assertThrows(
          ProtocolException.class,
          () -> ProtocolCodec.decodeRequest(Arrays.copyOf(execute, execute.length - 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "92 01 c1", "a5 61 62", "cd 01", "c4 05 00"})
    void notAMessagePackValue(String hex) {
      String[] parts = hex.split(" ");
      byte[] body = new byte[parts.length];
      for (int i = 0; i < parts.length; i++) {
        body[i] = (byte) Integer.parseInt(parts[i], 16);
      }
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRequest(body));
    }

    @Test
    void emptyBody() {
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRequest(new byte[0]));
    }
  }

  @Nested
  final class StrictResponses {

    @Test
    void unknownTag() {
      byte[] body = pack(p -> p.packArrayHeader(2).packInt(2).packInt(1));
      ProtocolException e = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body));
      assertTrue(e.getMessage().contains("unknown response tag 2"), e.getMessage());
    }

    @Test
    void statusOtherThanZeroOrOne() {
      byte[] body =
          pack(p -> p.packArrayHeader(5).packInt(0).packInt(1).packInt(2).packBinaryHeader(0).packInt(0));
      ProtocolException e = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body));
      assertTrue(e.getMessage().contains("status"), e.getMessage());
    }

    @Test
    void trailingBytes() {
      byte[] body = concat(ProtocolCodec.encode(new Response.Result(1, true, bytes(1), 2)), (byte) 0xc0);
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body));
    }

    @Test
    void notMessagePack() {
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(bytes(0xc1)));
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(bytes(0x95, 0x00)));
    }

    @Test
    void wrongShapes() {
      byte[][] bodies = {
        pack(p -> p.packInt(0)),
        pack(p -> p.packArrayHeader(0)),
        // Result: 4 elements; payload as str; negative seq; negative elapsed_us.
        pack(p -> p.packArrayHeader(4).packInt(0).packInt(1).packInt(0).packBinaryHeader(0)),
        pack(p -> p.packArrayHeader(5).packInt(0).packInt(1).packInt(0).packString("x").packInt(0)),
        pack(p -> p.packArrayHeader(5).packInt(0).packInt(-1).packInt(0).packBinaryHeader(0).packInt(0)),
        pack(p -> p.packArrayHeader(5).packInt(0).packInt(1).packInt(0).packBinaryHeader(0).packInt(-3)),
        // Hello: 3 elements; tdl_version of 2 components; pid as str.
        pack(p -> p.packArrayHeader(3).packInt(1).packInt(1).packArrayHeader(3).packInt(0).packInt(1).packInt(0)),
        pack(p -> p.packArrayHeader(4).packInt(1).packInt(1).packArrayHeader(2).packInt(0).packInt(1).packInt(7)),
        pack(p -> p.packArrayHeader(4).packInt(1).packInt(1).packArrayHeader(3).packInt(0).packInt(1).packInt(0)
            .packString("7")),
      };
      for (byte[] body : bodies) {
        assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body), () -> Arrays.toString(body));
      }
    }

    @Test
    void helloProtocolVersionBeyondTheIntRangeIsNotTruncated() {
      // 2^32 + 1 must not be read as protocol version 1.
      byte[] body =
          pack(p -> p.packArrayHeader(4).packInt(1).packBigInteger(TWO_POW_32.add(BigInteger.ONE))
              .packArrayHeader(3).packInt(0).packInt(1).packInt(0).packInt(7));
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body));
    }

    @Test
    void helloVersionComponentsBeyondTheIntRange() {
      byte[] wraps =
          pack(p -> p.packArrayHeader(4).packInt(1).packInt(1)
              .packArrayHeader(3).packBigInteger(TWO_POW_32).packInt(1).packInt(0).packInt(7));
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(wraps));

      byte[] negative =
          pack(p -> p.packArrayHeader(4).packInt(1).packInt(1)
              .packArrayHeader(3).packInt(0).packLong(1L << 31).packInt(0).packInt(7));
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(negative));
    }
  }
}
