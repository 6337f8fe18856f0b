package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.bytes;
import static dev.spider.protocol.TestBytes.concat;
import static dev.spider.protocol.TestBytes.pack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RequestCodec} and the request kinds' codecs: exact bytes and round trips, well-formed
 * values of the wrong shape as {@link Request.Invalid} with their seq, and unreadable bodies.
 */
final class RequestCodecTest {

  /** u64::MAX, carried in a long. */
  private static final long U64_MAX = -1L;

  private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);

  @Test
  void everyRequestKindButInvalidHasTheCodecOfItsType() {
    Set<Class<?>> encodable =
        Stream.of(Request.class.getPermittedSubclasses())
            .filter(c -> c != Request.Invalid.class)
            .collect(Collectors.toSet());
    assertEquals(encodable, RequestCodec.BY_TYPE.keySet());
    RequestCodec.BY_TYPE.forEach((type, codec) -> assertEquals(type, codec.type()));
  }

  @Nested
  final class RequestRoundTrips {

    @Test
    void executeWithTheLargestSeq() throws Exception {
      Request.Execute execute =
          new Request.Execute(
              U64_MAX, "pkg_1", "task-a", bytes(0x95, 1, 2, 3, 4, 0xc0), bytes(0, 0, 0, 0));

      byte[] encoded = RequestCodec.encode(execute);

      // [0, uint64 0xffffffffffffffff, ...]: the seq goes out as an unsigned 64-bit value.
      assertArrayEquals(
          bytes(0x96, 0x00, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
          Arrays.copyOf(encoded, 11));
      assertEquals(execute, RequestCodec.decode(encoded));
    }

    @Test
    void executeWithEmptyByteFieldsAndUnicodeNames() throws Exception {
      Request.Execute execute = new Request.Execute(0, "p", "tâche ✓", new byte[0], new byte[0]);
      Request decoded = RequestCodec.decode(RequestCodec.encode(execute));
      assertEquals(execute, decoded);
    }

    @Test
    void shutdown() throws Exception {
      byte[] encoded = RequestCodec.encode(new Request.Shutdown());
      assertArrayEquals(bytes(0x91, 0x01), encoded);
      assertEquals(new Request.Shutdown(), RequestCodec.decode(encoded));
    }

    @Test
    void interrupt() throws Exception {
      for (long seq : new long[] {0, 1, 127, 128, Long.MAX_VALUE, U64_MAX}) {
        Request.Interrupt interrupt = new Request.Interrupt(seq);
        assertEquals(interrupt, RequestCodec.decode(RequestCodec.encode(interrupt)));
      }
      assertArrayEquals(bytes(0x92, 0x02, 0x2a), RequestCodec.encode(new Request.Interrupt(42)));
    }

    @Test
    void describe() throws Exception {
      Request.Describe describe = new Request.Describe(U64_MAX, "native_test_tasks");
      assertEquals(describe, RequestCodec.decode(RequestCodec.encode(describe)));
    }

    @Test
    void anInvalidRequestHasNoEncoding() {
      assertThrows(
          IllegalArgumentException.class, () -> RequestCodec.encode(new Request.Invalid(1, "no")));
    }
  }

  @Nested
  final class InvalidRequests {

    @Test
    void unknownTagTakesTheSeqFromTheSecondElement() throws Exception {
      Request.Invalid invalid =
          invalid(pack(p -> p.packArrayHeader(3).packInt(9).packInt(42).packString("x")));
      assertEquals(42, invalid.seq());
      assertTrue(invalid.reason().contains("unknown request tag 9"), invalid.reason());
    }

    @Test
    void unknownTagWithAHugeSeq() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(2)
                          .packInt(4)
                          .packBigInteger(new BigInteger("18446744073709551615"))));
      assertEquals(U64_MAX, invalid.seq());
    }

    @Test
    void unknownTagWithoutAUintSecondElementHasSeqZero() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(9).packString("42"))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(1).packInt(9))).seq());
    }

    @Test
    void tagOutsideTheIntRangeOrNotAnInteger() throws Exception {
      assertEquals(
          6, invalid(pack(p -> p.packArrayHeader(2).packBigInteger(TWO_POW_32).packInt(6))).seq());
      assertEquals(7, invalid(pack(p -> p.packArrayHeader(2).packInt(-1).packInt(7))).seq());
      assertEquals(8, invalid(pack(p -> p.packArrayHeader(2).packString("0").packInt(8))).seq());
    }

    @Test
    void executeWithTooFewOrTooManyElements() throws Exception {
      Request.Invalid five =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(5)
                          .packInt(0)
                          .packInt(11)
                          .packString("p")
                          .packString("t")
                          .packBinaryHeader(0)));
      assertEquals(11, five.seq());
      assertTrue(five.reason().contains("Execute has 6 elements, found 5"), five.reason());

      Request.Invalid seven =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(7)
                          .packInt(0)
                          .packInt(12)
                          .packString("p")
                          .packString("t")
                          .packBinaryHeader(0)
                          .packBinaryHeader(0)
                          .packNil()));
      assertEquals(12, seven.seq());
    }

    @Test
    void otherRequestsWithTheWrongArity() throws Exception {
      assertEquals(5, invalid(pack(p -> p.packArrayHeader(2).packInt(1).packInt(5))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(1).packInt(2))).seq());
      assertEquals(
          9, invalid(pack(p -> p.packArrayHeader(3).packInt(2).packInt(9).packInt(9))).seq());
      assertEquals(4, invalid(pack(p -> p.packArrayHeader(2).packInt(3).packInt(4))).seq());
    }

    @Test
    void packageSentAsBin() throws Exception {
      byte[] pkg = "pkg".getBytes(StandardCharsets.UTF_8);
      Request.Invalid execute =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(6)
                          .packInt(0)
                          .packInt(13)
                          .packBinaryHeader(3)
                          .addPayload(pkg)
                          .packString("t")
                          .packBinaryHeader(0)
                          .packBinaryHeader(0)));
      assertEquals(13, execute.seq());
      assertTrue(execute.reason().contains("package must be a string"), execute.reason());

      Request.Invalid describe =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(3)
                          .packInt(3)
                          .packInt(14)
                          .packBinaryHeader(3)
                          .addPayload(pkg)));
      assertEquals(14, describe.seq());
    }

    @Test
    void rawContextSentAsString() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(6)
                          .packInt(0)
                          .packInt(15)
                          .packString("p")
                          .packString("t")
                          .packString("ctx")
                          .packBinaryHeader(0)));
      assertEquals(15, invalid.seq());
      assertTrue(invalid.reason().contains("raw_ctx must be bin"), invalid.reason());
    }

    @Test
    void rawContextSentAsArray() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(6)
                          .packInt(0)
                          .packInt(16)
                          .packString("p")
                          .packString("t")
                          .packArrayHeader(2)
                          .packInt(1)
                          .packInt(2)
                          .packBinaryHeader(0)));
      assertEquals(16, invalid.seq());
      assertTrue(invalid.reason().contains("raw_ctx"), invalid.reason());
    }

    @Test
    void rawInputsSentAsArray() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(6)
                          .packInt(0)
                          .packInt(17)
                          .packString("p")
                          .packString("t")
                          .packBinaryHeader(0)
                          .packArrayHeader(4)
                          .packInt(0)
                          .packInt(0)
                          .packInt(0)
                          .packInt(0)));
      assertEquals(17, invalid.seq());
      assertTrue(invalid.reason().contains("raw_inputs"), invalid.reason());
    }

    @Test
    void invalidUtf8InTheTaskName() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(6)
                          .packInt(0)
                          .packInt(18)
                          .packString("p")
                          .packRawStringHeader(2)
                          .addPayload(bytes(0xff, 0xfe))
                          .packBinaryHeader(0)
                          .packBinaryHeader(0)));
      assertEquals(18, invalid.seq());
      assertTrue(invalid.reason().contains("task_func is not valid UTF-8"), invalid.reason());
    }

    @Test
    void invalidUtf8InThePackageOfADescribe() throws Exception {
      Request.Invalid invalid =
          invalid(
              pack(
                  p ->
                      p.packArrayHeader(3)
                          .packInt(3)
                          .packInt(19)
                          .packRawStringHeader(3)
                          .addPayload(bytes('a', 0xc3, 0x28))));
      assertEquals(19, invalid.seq());
    }

    @Test
    void trailingBytesAfterAValidRequest() throws Exception {
      byte[] execute = RequestCodec.encode(new Request.Execute(20, "p", "t", bytes(1), bytes(2)));
      Request.Invalid afterExecute = invalid(concat(execute, (byte) 0xc0));
      assertEquals(20, afterExecute.seq());
      assertTrue(afterExecute.reason().contains("trailing"), afterExecute.reason());

      Request.Invalid afterShutdown =
          invalid(concat(RequestCodec.encode(new Request.Shutdown()), (byte) 0x01));
      assertEquals(0, afterShutdown.seq());

      // Two whole requests in one frame are one request too many.
      byte[] twoInterrupts =
          concat(
              RequestCodec.encode(new Request.Interrupt(21)),
              RequestCodec.encode(new Request.Interrupt(22)));
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
      assertEquals(
          0,
          invalid(
                  pack(
                      p ->
                          p.packArrayHeader(3).packInt(3).packLong(Long.MIN_VALUE).packString("p")))
              .seq());
      assertEquals(
          0,
          invalid(
                  pack(
                      p ->
                          p.packArrayHeader(6)
                              .packInt(0)
                              .packInt(-1)
                              .packString("p")
                              .packString("t")
                              .packBinaryHeader(0)
                              .packBinaryHeader(0)))
              .seq());
    }

    @Test
    void seqThatIsNotAnIntegerBecomesZero() throws Exception {
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packString("7"))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packDouble(7.0))).seq());
      assertEquals(0, invalid(pack(p -> p.packArrayHeader(2).packInt(2).packNil())).seq());
      assertEquals(
          0,
          invalid(pack(p -> p.packArrayHeader(3).packInt(3).packBoolean(true).packString("p")))
              .seq());
    }

    private Request.Invalid invalid(byte[] body) throws ProtocolException {
      return assertInstanceOf(Request.Invalid.class, RequestCodec.decode(body));
    }
  }

  @Nested
  final class UnreadableRequests {

    @Test
    void truncatedArray() {
      ProtocolException e =
          assertThrows(ProtocolException.class, () -> RequestCodec.decode(bytes(0x93, 0x01)));
      assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    }

    @Test
    void truncatedExecute() {
      byte[] execute =
          RequestCodec.encode(new Request.Execute(1, "pkg", "task", bytes(1, 2, 3), bytes(4)));
      assertThrows(
          ProtocolException.class,
          () -> RequestCodec.decode(Arrays.copyOf(execute, execute.length - 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "92 01 c1", "a5 61 62", "cd 01", "c4 05 00"})
    void notAMessagePackValue(String hex) {
      String[] parts = hex.split(" ");
      byte[] body = new byte[parts.length];
      for (int i = 0; i < parts.length; i++) {
        body[i] = (byte) Integer.parseInt(parts[i], 16);
      }
      assertThrows(ProtocolException.class, () -> RequestCodec.decode(body));
    }

    @Test
    void emptyBody() {
      assertThrows(ProtocolException.class, () -> RequestCodec.decode(new byte[0]));
    }
  }
}
