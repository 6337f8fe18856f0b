package dev.spider.tdl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Hex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

  private static WireFormatException assertWireError(Executable call, String... parts) {
    WireFormatException e = assertThrows(WireFormatException.class, call);
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part),
          () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
    return e;
  }

  private static void assertPayloads(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "payload count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "payload " + i);
    }
  }

  @Test
  void encodesCountThenLengthPrefixedPayloadsLittleEndian() throws WireFormatException {
    List<byte[]> payloads = List.of(Hex.bytes("0a"), new byte[0], Hex.bytes("a3616263"));
    byte[] wire = WireFormat.encode(payloads);
    assertEquals(
        "03000000" + "01000000" + "0a" + "00000000" + "04000000" + "a3616263", Hex.of(wire));
    assertPayloads(payloads, WireFormat.decode(wire));
  }

  @Test
  void lengthsAboveOneByteAreLittleEndian() throws WireFormatException {
    byte[] payload = new byte[0x01_02_03];
    payload[payload.length - 1] = 7;
    byte[] wire = WireFormat.encode(List.of(payload));
    assertEquals("01000000" + "03020100", Hex.of(wire).substring(0, 16));
    assertEquals(4 + 4 + payload.length, wire.length);
    assertPayloads(List.of(payload), WireFormat.decode(wire));
  }

  @Test
  void emptyIsFourZeroBytes() throws WireFormatException {
    assertEquals("00000000", Hex.of(WireFormat.empty()));
    assertEquals("00000000", Hex.of(WireFormat.encode(List.of())));
    assertEquals(List.of(), WireFormat.decode(Hex.bytes("00000000")));
    assertEquals(List.of(), WireFormat.decode(Hex.bytes("00000000"), 0));
  }

  @Test
  void decodeOfARange() throws WireFormatException {
    byte[] buffer = Hex.bytes("ff 01000000 02000000 abcd ee");
    assertPayloads(List.of(Hex.bytes("abcd")), WireFormat.decode(buffer, 1, buffer.length - 2));
  }

  @ParameterizedTest(name = "{0} header bytes")
  @ValueSource(ints = {0, 1, 2, 3})
  void aTruncatedHeaderIsRefused(int length) {
    assertWireError(
        () -> WireFormat.decode(new byte[length]),
        "truncated wire-format header",
        length + " of 4");
    assertWireError(() -> WireFormat.decode(new byte[length], 0), "truncated");
  }

  @Test
  void aPayloadLengthPastTheEndIsRefused() {
    assertWireError(
        () -> WireFormat.decode(Hex.bytes("01000000 05000000 0102")),
        "payload 0 of 1",
        "declares 5 bytes",
        "only 2 remain");
    assertWireError(
        () -> WireFormat.decode(Hex.bytes("02000000 01000000 01 ffffffff")),
        "payload 1 of 2",
        "4294967295");
  }

  @Test
  void aTruncatedPayloadLengthIsRefused() {
    // count 2 passes the 4-bytes-per-payload bound (8 remaining), then the second length is short
    assertWireError(
        () -> WireFormat.decode(Hex.bytes("02000000 01000000 01 000000")),
        "truncated length of payload 1 of 2",
        "3 of 4");
  }

  @Test
  void trailingBytesAreRefused() {
    assertWireError(
        () -> WireFormat.decode(Hex.bytes("01000000 01000000 05 0607")),
        "2 trailing byte(s) after 1 payload(s)");
    assertWireError(() -> WireFormat.decode(Hex.bytes("00000000 00")), "1 trailing byte");
  }

  @Test
  void aCountMismatchNamesExpectedAndActual() {
    byte[] twoPayloads = WireFormat.encode(List.of(Hex.bytes("01"), Hex.bytes("02")));
    assertWireError(() -> WireFormat.decode(twoPayloads, 3), "expected 3 payload(s)", "declares 2");
    assertWireError(() -> WireFormat.decode(twoPayloads, 1), "expected 1 payload(s)", "declares 2");
    assertWireError(
        () -> WireFormat.decode(WireFormat.empty(), 1), "expected 1 payload(s)", "declares 0");
  }

  @Test
  void theExpectedCountDecodes() throws WireFormatException {
    byte[] twoPayloads = WireFormat.encode(List.of(Hex.bytes("01"), Hex.bytes("02")));
    assertPayloads(List.of(Hex.bytes("01"), Hex.bytes("02")), WireFormat.decode(twoPayloads, 2));
  }

  @Test
  void aHostileHugeCountIsRefusedBeforeAllocating() {
    // 2^32 - 1 payloads announced in an 8-byte buffer: allocating a list for them would need
    // tens of GiB; the bound (4 bytes per payload) refuses it at once.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertWireError(
                () -> WireFormat.decode(Hex.bytes("ffffffff 00000000")),
                "count 4294967295",
                "remaining 4 bytes"));
    assertWireError(
        () -> WireFormat.decode(Hex.bytes("ffffff7f")), "count 2147483647", "remaining 0 bytes");
  }

  @Test
  void manyPayloadsRoundTrip() throws WireFormatException {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      payloads.add(new byte[] {(byte) i, (byte) (i >> 8)});
    }
    byte[] wire = WireFormat.encode(payloads);
    assertEquals(4 + 1000 * 6, wire.length);
    assertPayloads(payloads, WireFormat.decode(wire, 1000));
  }

  @Test
  void decodedPayloadsAreCopies() throws WireFormatException {
    byte[] wire = Hex.bytes("01000000 01000000 05");
    List<byte[]> payloads = WireFormat.decode(wire);
    wire[8] = 9;
    assertArrayEquals(Hex.bytes("05"), payloads.get(0));
  }
}
