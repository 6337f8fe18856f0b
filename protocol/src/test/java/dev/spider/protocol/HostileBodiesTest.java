package dev.spider.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.internal.DecodeLimits;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bodies that used to kill a decoder: declared sizes it trusted, nesting it recursed into,
 * timestamps it could not hold. Each now ends in a decoded value, a {@link Request.Invalid} with
 * the request's seq, or a {@link ProtocolException} (docs/frame-protocol.md, "Limits").
 */
final class HostileBodiesTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void aMapHeaderOfTwoToTheThirtyOneEntriesIsAnUnreadableRequest() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class, () -> ProtocolCodec.decodeRequest(HEX.parseHex("df7fffffff")));
    assertTrue(e.getMessage().contains("declares 2147483647 entries"), e.getMessage());
  }

  @Test
  void aBinHeaderOfTwoGibibytesIsUnreadableWithoutAllocatingIt() {
    Allocations.Measured m =
        Allocations.measure(() -> ProtocolCodec.decodeRequest(HEX.parseHex("c67ffffff0")));
    assertInstanceOf(ProtocolException.class, m.thrown());
    assertTrue(m.allocatedBytes() < 1 << 20, "allocated " + m.allocatedBytes());
    // The same inside an otherwise well-formed Execute.
    byte[] execute = HEX.parseHex("9600" + "05" + "a170" + "a174" + "c400" + "c67ffffff0");
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeRequest(execute));
  }

  @Test
  void nestingBeyondTheLimitIsAnInvalidRequestWithItsSeq() throws Exception {
    byte[] deep = new byte[5000];
    Arrays.fill(deep, (byte) 0x91);
    deep[deep.length - 1] = (byte) 0xc0;
    byte[] body = TestBytes.concat(HEX.parseHex("93022a"), deep);
    Request.Invalid invalid =
        assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(body));
    assertEquals(42, invalid.seq());
    assertTrue(
        invalid.reason().contains("deeper than " + DecodeLimits.MAX_DEPTH + " levels"),
        invalid.reason());
    // Without a seq in front, the seq is 0.
    Request.Invalid bare =
        assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(deep));
    assertEquals(0, bare.seq());
  }

  @Test
  void aTimestampOutsideInstantsRangeIsAnInvalidRequestWithItsSeq() throws Exception {
    byte[] body = HEX.parseHex("9300cfffffffffffffffff" + "c70cff000000007fffffffffffffff");
    Request.Invalid invalid =
        assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(body));
    assertEquals(-1L, invalid.seq());
  }

  @Test
  void aMillionNilsAreRefusedBeforeTheyBecomeATree() throws Exception {
    // [0, 7, [nil × 2^20]]: one value past the limit of 2^20 values per body.
    byte[] header = HEX.parseHex("dd00000003" + "00" + "07" + "dd00100000");
    byte[] body = Arrays.copyOf(header, header.length + (1 << 20));
    Arrays.fill(body, header.length, body.length, (byte) 0xc0);
    Request.Invalid invalid =
        assertInstanceOf(Request.Invalid.class, ProtocolCodec.decodeRequest(body));
    assertEquals(7, invalid.seq());
    assertTrue(invalid.reason().contains("more than 1048576 values"), invalid.reason());
  }

  @Test
  void responsesAndPayloadsBeyondTheLimitsAreProtocolErrors() {
    byte[] deep = new byte[3000];
    Arrays.fill(deep, (byte) 0x91);
    deep[deep.length - 1] = 0x00;
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(deep));
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeError(deep));
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeDescription(deep));
    assertThrows(
        ProtocolException.class, () -> ProtocolCodec.decodeError(HEX.parseHex("df7fffffff")));
  }

  @Test
  void aResultStatusAboveTheSignedRangeIsRefused() {
    // [0, seq 1, status u64::MAX, bin "", elapsed 0]: signed, u64::MAX is -1 and passed "> 1".
    byte[] body = HEX.parseHex("950001cfffffffffffffffffc40000");
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeResponse(body));
    assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
  }
}
