package dev.spider.tdl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Hex;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SerializedTaskOutputsTest {

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

  /** Payloads whose wire form is well above the threshold and compresses well. */
  private static List<byte[]> largePayloads() {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] p = new byte[40];
      Arrays.fill(p, (byte) (i % 7));
      payloads.add(p);
    }
    return payloads;
  }

  @Test
  void smallOutputsArePlain() throws WireFormatException {
    List<byte[]> payloads = List.of(Hex.bytes("03"), Hex.bytes("fd"));
    byte[] raw = SerializedTaskOutputs.encode(payloads);
    assertEquals("00" + "02000000 01000000 03 01000000 fd".replace(" ", ""), Hex.of(raw));
    assertPayloads(payloads, SerializedTaskOutputs.decode(raw));
    assertArrayEquals(raw, SerializedTaskOutputs.encodePlain(payloads));
  }

  @Test
  void noOutputsArePlainAndEmpty() throws WireFormatException {
    byte[] raw = SerializedTaskOutputs.encode(List.of());
    assertEquals("0000000000", Hex.of(raw));
    assertEquals(List.of(), SerializedTaskOutputs.decode(raw));
  }

  @Test
  void outputsAboveOneKibAreCompressedAndDecodeBack() throws WireFormatException {
    List<byte[]> payloads = largePayloads();
    byte[] wire = WireFormat.encode(payloads);
    assertTrue(wire.length > SerializedTaskOutputs.COMPRESSION_THRESHOLD_BYTES);
    byte[] raw = SerializedTaskOutputs.encode(payloads);
    assertEquals(1, raw[0], "option byte");
    assertTrue(raw.length < wire.length, "compressed " + raw.length + " of " + wire.length);
    assertPayloads(payloads, SerializedTaskOutputs.decode(raw));
  }

  @Test
  void theThresholdIsOneKibOfWireFormat() throws WireFormatException {
    // one payload: 4 (count) + 4 (length) + n bytes of wire format
    List<byte[]> atThreshold = List.of(new byte[1024 - 8]);
    List<byte[]> aboveThreshold = List.of(new byte[1024 - 8 + 1]);
    byte[] plain = SerializedTaskOutputs.encode(atThreshold);
    byte[] compressed = SerializedTaskOutputs.encode(aboveThreshold);
    assertEquals(0, plain[0]);
    assertEquals(1 + 1024, plain.length);
    assertEquals(1, compressed[0]);
    assertPayloads(atThreshold, SerializedTaskOutputs.decode(plain));
    assertPayloads(aboveThreshold, SerializedTaskOutputs.decode(compressed));
  }

  @Test
  void encodePlainNeverCompresses() throws WireFormatException {
    List<byte[]> payloads = largePayloads();
    byte[] raw = SerializedTaskOutputs.encodePlain(payloads);
    assertEquals(0, raw[0]);
    assertArrayEquals(WireFormat.encode(payloads), Arrays.copyOfRange(raw, 1, raw.length));
    assertPayloads(payloads, SerializedTaskOutputs.decode(raw));
  }

  @Test
  void decompressionBeyondTheCapIsRefusedNamingTheCap() {
    byte[] raw = SerializedTaskOutputs.encode(largePayloads());
    assertEquals(1, raw[0]);
    assertWireError(() -> SerializedTaskOutputs.decode(raw, 500), "exceeds the cap of 500 bytes");
  }

  @Test
  void decompressionWithinTheCapSucceeds() throws WireFormatException {
    List<byte[]> payloads = largePayloads();
    int wireLength = WireFormat.encode(payloads).length;
    byte[] raw = SerializedTaskOutputs.encode(payloads);
    assertPayloads(payloads, SerializedTaskOutputs.decode(raw, wireLength));
    assertWireError(
        () -> SerializedTaskOutputs.decode(raw, wireLength - 1), "cap of " + (wireLength - 1));
  }

  @Test
  void aFrameOfAnotherZstdEncoderDecodes() throws Exception {
    // aircompressor's stream encoder, as a stand-in for Spider's storage (streaming, so the frame
    // may lack a content size); the golden vector covers the real zstd command line.
    List<byte[]> payloads = List.of(Hex.bytes("a3616263"), new byte[3000]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
      byte[] wire = WireFormat.encode(payloads);
      zstd.write(wire, 0, 10);
      zstd.write(wire, 10, wire.length - 10);
    }
    assertPayloads(payloads, SerializedTaskOutputs.decode(out.toByteArray()));
  }

  @Test
  void anUnknownOptionByteIsRefused() {
    assertWireError(
        () -> SerializedTaskOutputs.decode(Hex.bytes("02 00000000")), "unknown option byte 2");
    assertWireError(
        () -> SerializedTaskOutputs.decode(Hex.bytes("ff 00000000")), "unknown option byte 255");
  }

  @Test
  void aCorruptZstdPayloadIsRefused() {
    assertWireError(
        () -> SerializedTaskOutputs.decode(Hex.bytes("01 0102030405060708090a0b0c")),
        "corrupt zstd frame");
    byte[] raw = SerializedTaskOutputs.encode(largePayloads());
    byte[] damaged = raw.clone();
    for (int i = 8; i < damaged.length; i++) {
      damaged[i] ^= (byte) 0x5a;
    }
    assertThrows(WireFormatException.class, () -> SerializedTaskOutputs.decode(damaged));
  }

  @Test
  void aTruncatedZstdFrameIsRefused() {
    byte[] raw = SerializedTaskOutputs.encode(largePayloads());
    for (int length : new int[] {raw.length - 1, raw.length / 2, 5}) {
      byte[] truncated = Arrays.copyOf(raw, length);
      assertWireError(() -> SerializedTaskOutputs.decode(truncated), "corrupt zstd frame");
    }
  }

  @Test
  void anEmptyBufferIsRefused() {
    assertWireError(() -> SerializedTaskOutputs.decode(new byte[0]), "empty buffer", "option byte");
  }

  @Test
  void aMalformedWireBufferInsideIsRefused() {
    assertWireError(() -> SerializedTaskOutputs.decode(Hex.bytes("00 010000")), "truncated");
    assertWireError(
        () -> SerializedTaskOutputs.decode(Hex.bytes("00 01000000 09000000 00")), "declares 9");
    assertWireError(() -> SerializedTaskOutputs.decode(Hex.bytes("00 00000000 00")), "trailing");
  }

  @Test
  void aZstdFrameOfNothingIsAnEmptyWireBufferError() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    new ZstdOutputStream(out).close();
    assertWireError(
        () -> SerializedTaskOutputs.decode(out.toByteArray()), "truncated wire-format header");
  }
}
