package dev.spider.tdl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.codec.CodecException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ImmutableValue;

/** {@link Msgpack}: encoding into memory and decoding the first or the only value of a buffer. */
final class MsgpackTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodeWritesShortStringsAsStr8AsRmpSerdeDoes() {
    String text = "x".repeat(32);
    byte[] encoded = Msgpack.encode(packer -> packer.packString(text));
    // str8 (d9), not msgpack-core's default str16 (da), for a 32-byte string.
    assertEquals("d920", HEX.formatHex(encoded, 0, 2));
  }

  @Test
  void encodePassesTheWritersOwnExceptionThrough() {
    CodecException refused = new CodecException("refused");
    CodecException thrown =
        assertThrows(
            CodecException.class,
            () ->
                Msgpack.<CodecException>encode(
                    packer -> {
                      throw refused;
                    }));
    assertSame(refused, thrown);
  }

  @Test
  void decodeFirstCountsTheTrailingBytes() throws Exception {
    Msgpack.FirstValue<ImmutableValue> first =
        Msgpack.decodeFirst(HEX.parseHex("9101c0c0"), "frame", MessageUnpacker::unpackValue);
    assertEquals("[1]", first.value().toJson());
    assertEquals(2, first.trailingBytes());
    assertTrue(first.hasTrailingBytes());

    Msgpack.FirstValue<ImmutableValue> only =
        Msgpack.decodeFirst(HEX.parseHex("9101"), "frame", MessageUnpacker::unpackValue);
    assertFalse(only.hasTrailingBytes());
  }

  @Test
  void decodeFirstRefusesEmptyTruncatedAndMalformedBuffers() {
    assertMessage(new byte[0], "frame: empty buffer");
    assertMessage(HEX.parseHex("9301"), "frame: truncated MessagePack value (2 bytes)");
    assertMessage(HEX.parseHex("c1"), "frame: malformed MessagePack");
  }

  @Test
  void decodeWholeRefusesTrailingBytesNamingTheCounts() throws Exception {
    int value = Msgpack.decodeWhole(HEX.parseHex("01"), "v", MessageUnpacker::unpackInt);
    assertEquals(1, value);
    CodecException e =
        assertThrows(
            CodecException.class,
            () -> Msgpack.decodeWhole(HEX.parseHex("0102"), "v", MessageUnpacker::unpackInt));
    assertEquals("v: 1 trailing byte(s) after the value (consumed 1 of 2)", e.getMessage());
  }

  @Test
  void readStringRefusesInvalidUtf8() {
    CodecException e =
        assertThrows(
            CodecException.class,
            () ->
                Msgpack.decodeWhole(
                    HEX.parseHex("a2fffe"), "name", u -> Msgpack.readString(u, "name")));
    assertEquals("name: string is not valid UTF-8", e.getMessage());
  }

  private static void assertMessage(byte[] bytes, String start) {
    CodecException e =
        assertThrows(
            CodecException.class,
            () -> Msgpack.decodeFirst(bytes, "frame", MessageUnpacker::unpackValue));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
