package dev.spider.tdl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.MsgpackScanner.Scan;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageUnpacker;

/**
 * {@link MsgpackScanner} and the decoding it guards: headers that declare more than the buffer
 * holds, nesting beyond the limit and timestamps out of {@code Instant}'s range are refused before
 * msgpack-core allocates or recurses for them (docs/value-encodings.md, "Limits").
 */
final class MsgpackScannerTest {

  private static final HexFormat HEX = HexFormat.of();

  private static Scan scan(String hex) {
    return MsgpackScanner.scan(HEX.parseHex(hex), 0, DecodeLimits.VALUES);
  }

  private static String detail(Scan scan) {
    if (scan instanceof Scan.Truncated t) {
      return t.detail();
    }
    if (scan instanceof Scan.Refused r) {
      return r.detail();
    }
    if (scan instanceof Scan.Malformed m) {
      return m.detail();
    }
    return scan.toString();
  }

  @Test
  void wholeValuesReportTheirEndAndValueCount() {
    assertEquals(new Scan.Whole(1, 1), scan("01"));
    // [1, "ab", {nil: true}, bin8 of 2, float64, ext8 of 1] followed by a trailing byte
    Scan s = scan("9601a2616281c0c3c4020102cb0000000000000000c701050aff");
    assertEquals(new Scan.Whole(25, 9), s);
    assertEquals(new Scan.Whole(1, 1), scan("c0c0"));
  }

  @Test
  void headersDeclaringMoreThanTheBytesHoldAreTruncated() {
    // bin32 of ~2 GiB in a 5-byte body: msgpack-core would allocate it before reading.
    Scan bin = scan("c67ffffff0");
    assertInstanceOf(Scan.Truncated.class, bin);
    assertTrue(detail(bin).contains("declares 2147483632 byte(s) but only 0 follow"), detail(bin));
    Scan map = scan("df7fffffff");
    assertInstanceOf(Scan.Truncated.class, map);
    assertTrue(detail(map).contains("declares 2147483647 entries"), detail(map));
    Scan array = scan("ddffffffff01");
    assertInstanceOf(Scan.Truncated.class, array);
    assertTrue(detail(array).contains("declares 4294967295 elements but only 1"), detail(array));
    assertInstanceOf(Scan.Truncated.class, scan("db0000ffff61"));
    assertInstanceOf(Scan.Truncated.class, scan("c9ffffffff01"));
    // A map of one entry needs two values, so one byte after its header cannot hold it.
    assertInstanceOf(Scan.Truncated.class, scan("8101"));
    assertInstanceOf(Scan.Truncated.class, scan("cd01"));
    assertInstanceOf(Scan.Truncated.class, scan("dc00"));
  }

  @Test
  void theUnusedByteIsMalformed() {
    assertInstanceOf(Scan.Malformed.class, scan("91c1"));
  }

  @Test
  void nestingIsLimitedAtMaxDepth() {
    byte[] atLimit = nested(DecodeLimits.MAX_DEPTH);
    assertEquals(
        new Scan.Whole(atLimit.length, DecodeLimits.MAX_DEPTH + 1),
        MsgpackScanner.scan(atLimit, 0, DecodeLimits.VALUES));
    Scan deeper = MsgpackScanner.scan(nested(5000), 0, DecodeLimits.VALUES);
    assertInstanceOf(Scan.Refused.class, deeper);
    assertTrue(
        detail(deeper).contains("deeper than " + DecodeLimits.MAX_DEPTH + " levels"),
        detail(deeper));
  }

  @Test
  void theValueCountIsLimited() {
    DecodeLimits three = new DecodeLimits(8, 3);
    assertEquals(new Scan.Whole(3, 3), MsgpackScanner.scan(HEX.parseHex("920102"), 0, three));
    assertInstanceOf(Scan.Refused.class, MsgpackScanner.scan(HEX.parseHex("93010203"), 0, three));
  }

  @Test
  void timestampsOutsideInstantsRangeAreRefused() {
    assertEquals(new Scan.Whole(6, 1), scan("d6ff00000001"));
    assertEquals(new Scan.Whole(15, 1), scan("c70cff000000000000000000000001"));
    // timestamp96 with seconds = Long.MAX_VALUE: DateTimeException in msgpack-core
    assertInstanceOf(Scan.Refused.class, scan("c70cff000000007fffffffffffffff"));
    // nanoseconds above 999,999,999
    assertInstanceOf(Scan.Refused.class, scan("c70cffffffffff0000000000000000"));
    // a timestamp of 3 bytes is no timestamp
    assertInstanceOf(Scan.Refused.class, scan("c703ff000000"));
  }

  @Test
  void decodeFirstNeverReachesMsgpackCoreWithAHostileHeader() {
    for (String hex :
        new String[] {"c67ffffff0", "df7fffffff", "dd7fffffff", "c70cff000000007fffffffffffffff"}) {
      CodecException e =
          assertThrows(
              CodecException.class,
              () -> Msgpack.decodeFirst(HEX.parseHex(hex), "v", MessageUnpacker::unpackValue));
      assertTrue(e.getMessage().startsWith("v: "), e.getMessage());
    }
    assertThrows(
        RefusedValueException.class,
        () -> Msgpack.decodeFirst(nested(5000), "v", MessageUnpacker::unpackValue));
  }

  @Test
  void decodeFirstUnpacksTheDeepestAcceptedValue() throws Exception {
    byte[] atLimit = nested(DecodeLimits.MAX_DEPTH);
    Msgpack.FirstValue<?> v = Msgpack.decodeFirst(atLimit, "v", MessageUnpacker::unpackValue);
    assertEquals(0, v.trailingBytes());
  }

  /** {@code depth} one-element arrays around a nil. */
  static byte[] nested(int depth) {
    byte[] b = new byte[depth + 1];
    Arrays.fill(b, 0, depth, (byte) 0x91);
    b[depth] = (byte) 0xc0;
    return b;
  }
}
