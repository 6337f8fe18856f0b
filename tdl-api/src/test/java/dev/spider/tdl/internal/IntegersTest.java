package dev.spider.tdl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.codec.CodecException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/** {@link Integers}: u64 carried in a long, and BigIntegers within MessagePack's range. */
final class IntegersTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void u64RoundTripsThroughALong() throws Exception {
    for (long value : new long[] {0, 1, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
      byte[] encoded = Msgpack.encode(packer -> Integers.packU64(packer, value));
      long decoded = Msgpack.decodeWhole(encoded, "u64", u -> Integers.readU64(u, "u64"));
      assertEquals(value, decoded);
    }
    assertEquals(
        "cfffffffffffffffff", HEX.formatHex(Msgpack.encode(p -> Integers.packU64(p, -1L))));
  }

  @Test
  void readU64RefusesNegativeIntegers() {
    CodecException e =
        assertThrows(
            CodecException.class,
            () -> Msgpack.decodeWhole(HEX.parseHex("ff"), "seq", u -> Integers.readU64(u, "seq")));
    assertEquals("seq: expected an unsigned integer, found -1", e.getMessage());
  }

  @Test
  void asU64TakesNonNegativeIntegersOnly() {
    assertEquals(OptionalLong.of(-1L), Integers.asU64(ValueFactory.newInteger(Integers.U64_MAX)));
    assertEquals(OptionalLong.of(7), Integers.asU64(ValueFactory.newInteger(7)));
    assertEquals(OptionalLong.empty(), Integers.asU64(ValueFactory.newInteger(-7)));
    assertEquals(OptionalLong.empty(), Integers.asU64(ValueFactory.newString("7")));
    assertEquals(OptionalLong.empty(), Integers.asU64(ValueFactory.newNil()));
  }

  @Test
  void integersFromI64MinToU64MaxFitAndArePackedInTheirSmallestForm() {
    assertTrue(Integers.fitsMsgpack(Integers.U64_MAX));
    assertTrue(Integers.fitsMsgpack(Integers.I64_MIN));
    assertFalse(Integers.fitsMsgpack(Integers.U64_MAX.add(BigInteger.ONE)));
    assertFalse(Integers.fitsMsgpack(Integers.I64_MIN.subtract(BigInteger.ONE)));

    assertEquals("ccc8", hexOf(BigInteger.valueOf(200)));
    assertEquals("d0df", hexOf(BigInteger.valueOf(-33)));
    assertEquals("cfffffffffffffffff", hexOf(Integers.U64_MAX));
    assertThrows(
        IllegalArgumentException.class,
        () -> Msgpack.encode(p -> Integers.packInteger(p, Integers.U64_MAX.add(BigInteger.ONE))));
  }

  private static String hexOf(BigInteger value) {
    return HEX.formatHex(Msgpack.encode(p -> Integers.packInteger(p, value)));
  }
}
