package dev.spider.tdl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spider.tdl.GenericType;
import dev.spider.tdl.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Every mapped type of {@link TdlCodec}: encode, compare with the bytes {@code rmp_serde::to_vec}
 * writes for the equivalent Rust type, decode, compare with the value.
 */
class TdlCodecRoundTripTest {

  public enum Color {
    RED,
    GREEN,
    DARK_BLUE
  }

  public record Point(int x, int y) {}

  public record Order(
      String id,
      List<Point> points,
      Map<String, Long> counts,
      Optional<String> note,
      Point origin,
      Color color,
      Long maybe) {}

  public record Node(String name, List<Node> children) {}

  /** A self-referencing record whose nullable reference is Rust's {@code Option<Box<Chain>>}. */
  public record Chain(long value, Chain next) {}

  public record Tree(String label, Optional<Tree> left, Optional<Tree> right) {}

  /** Encodes, compares the bytes with {@code hex}, decodes and compares with the value. */
  private static <T> void assertRoundTrip(TdlCodec<T> codec, T value, String hex)
      throws CodecException {
    byte[] encoded = codec.encode(value);
    assertEquals(hex.replace(" ", ""), Hex.of(encoded), () -> codec + " encoding of " + value);
    assertEquals(value, codec.decode(encoded), () -> codec + " decoding of " + hex);
  }

  // ---- integers -------------------------------------------------------------------------------

  static Stream<Arguments> longs() {
    return Stream.of(
        Arguments.of(0L, "00"),
        Arguments.of(1L, "01"),
        Arguments.of(127L, "7f"),
        Arguments.of(128L, "cc 80"),
        Arguments.of(255L, "cc ff"),
        Arguments.of(256L, "cd 0100"),
        Arguments.of(65535L, "cd ffff"),
        Arguments.of(65536L, "ce 00010000"),
        Arguments.of(4294967295L, "ce ffffffff"),
        Arguments.of(4294967296L, "cf 0000000100000000"),
        Arguments.of(Long.MAX_VALUE, "cf 7fffffffffffffff"),
        Arguments.of(-1L, "ff"),
        Arguments.of(-32L, "e0"),
        Arguments.of(-33L, "d0 df"),
        Arguments.of(-128L, "d0 80"),
        Arguments.of(-129L, "d1 ff7f"),
        Arguments.of(-32768L, "d1 8000"),
        Arguments.of(-32769L, "d2 ffff7fff"),
        Arguments.of((long) Integer.MIN_VALUE, "d2 80000000"),
        Arguments.of((long) Integer.MIN_VALUE - 1, "d3 ffffffff7fffffff"),
        Arguments.of(Long.MIN_VALUE, "d3 8000000000000000"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("longs")
  void longUsesTheSmallestFormWithUnsignedMarkersForNonNegatives(long value, String hex)
      throws CodecException {
    assertRoundTrip(TdlCodec.of(long.class), value, hex);
    assertRoundTrip(TdlCodec.of(Long.class), value, hex);
  }

  @Test
  void intBoundaries() throws CodecException {
    TdlCodec<Integer> codec = TdlCodec.of(int.class);
    assertRoundTrip(codec, Integer.MAX_VALUE, "ce 7fffffff");
    assertRoundTrip(codec, Integer.MIN_VALUE, "d2 80000000");
    assertRoundTrip(codec, 65536, "ce 00010000");
    assertRoundTrip(codec, -33, "d0 df");
    assertRoundTrip(codec, -32, "e0");
    assertRoundTrip(TdlCodec.of(Integer.class), 200, "cc c8");
  }

  @Test
  void shortBoundaries() throws CodecException {
    TdlCodec<Short> codec = TdlCodec.of(short.class);
    assertRoundTrip(codec, Short.MAX_VALUE, "cd 7fff");
    assertRoundTrip(codec, Short.MIN_VALUE, "d1 8000");
    assertRoundTrip(codec, (short) 255, "cc ff");
    assertRoundTrip(codec, (short) 256, "cd 0100");
    assertRoundTrip(codec, (short) -129, "d1 ff7f");
    assertRoundTrip(TdlCodec.of(Short.class), (short) -1, "ff");
  }

  @Test
  void byteBoundaries() throws CodecException {
    TdlCodec<Byte> codec = TdlCodec.of(byte.class);
    assertRoundTrip(codec, Byte.MAX_VALUE, "7f");
    assertRoundTrip(codec, Byte.MIN_VALUE, "d0 80");
    assertRoundTrip(codec, (byte) -33, "d0 df");
    assertRoundTrip(codec, (byte) -32, "e0");
    assertRoundTrip(codec, (byte) 0, "00");
    assertRoundTrip(TdlCodec.of(Byte.class), (byte) 5, "05");
  }

  @Test
  void narrowTypesDecodeWideFormsWhoseValueFits() throws CodecException {
    // rmp_serde writes the smallest form, but a decoder must accept any integer form in range.
    assertEquals((byte) 5, TdlCodec.of(byte.class).decode(Hex.bytes("cf 0000000000000005")));
    assertEquals((short) -2, TdlCodec.of(short.class).decode(Hex.bytes("d3 fffffffffffffffe")));
    assertEquals(7, TdlCodec.of(int.class).decode(Hex.bytes("cd 0007")));
  }

  // ---- BigInteger -----------------------------------------------------------------------------

  static Stream<Arguments> bigIntegers() {
    BigInteger u64Max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    return Stream.of(
        Arguments.of(u64Max, "cf ffffffffffffffff"),
        Arguments.of(BigInteger.ONE.shiftLeft(63), "cf 8000000000000000"),
        Arguments.of(BigInteger.valueOf(Long.MAX_VALUE), "cf 7fffffffffffffff"),
        Arguments.of(BigInteger.ONE.shiftLeft(32), "cf 0000000100000000"),
        Arguments.of(BigInteger.valueOf(65535), "cd ffff"),
        Arguments.of(BigInteger.ZERO, "00"),
        Arguments.of(BigInteger.valueOf(-1), "ff"),
        Arguments.of(BigInteger.valueOf(-33), "d0 df"),
        Arguments.of(BigInteger.valueOf(Long.MIN_VALUE), "d3 8000000000000000"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("bigIntegers")
  void bigIntegerCoversTheU64AndI64Ranges(BigInteger value, String hex) throws CodecException {
    assertRoundTrip(TdlCodec.of(BigInteger.class), value, hex);
  }

  // ---- floats and booleans --------------------------------------------------------------------

  @Test
  void floatIsFloat32AndDoubleIsFloat64() throws CodecException {
    assertRoundTrip(TdlCodec.of(float.class), 1.5f, "ca 3fc00000");
    assertRoundTrip(TdlCodec.of(Float.class), -0.0f, "ca 80000000");
    assertRoundTrip(TdlCodec.of(double.class), 1.5, "cb 3ff8000000000000");
    assertRoundTrip(TdlCodec.of(Double.class), Double.MAX_VALUE, "cb 7fefffffffffffff");
    assertRoundTrip(TdlCodec.of(double.class), Double.NEGATIVE_INFINITY, "cb fff0000000000000");
  }

  @Test
  void floatAcceptsAFloat64InRangeAndDoubleAFloat32() throws CodecException {
    assertEquals(1.5f, TdlCodec.of(float.class).decode(Hex.bytes("cb 3ff8000000000000")));
    assertEquals(1.5, TdlCodec.of(double.class).decode(Hex.bytes("ca 3fc00000")));
  }

  @Test
  void booleans() throws CodecException {
    assertRoundTrip(TdlCodec.of(boolean.class), true, "c3");
    assertRoundTrip(TdlCodec.of(Boolean.class), false, "c2");
  }

  // ---- strings --------------------------------------------------------------------------------

  @Test
  void stringsUseFixstrThenStr8ThenStr16() throws CodecException {
    TdlCodec<String> codec = TdlCodec.of(String.class);
    assertRoundTrip(codec, "", "a0");
    assertRoundTrip(codec, "hello", "a5 68656c6c6f");
    assertRoundTrip(codec, "a".repeat(31), "bf" + "61".repeat(31));
    assertRoundTrip(codec, "a".repeat(32), "d9 20" + "61".repeat(32));
    assertRoundTrip(codec, "a".repeat(255), "d9 ff" + "61".repeat(255));
    assertRoundTrip(codec, "a".repeat(256), "da 0100" + "61".repeat(256));
    // msgpack-core takes another code path from 512 chars on; the header must stay str16.
    assertRoundTrip(codec, "b".repeat(600), "da 0258" + "62".repeat(600));
    assertRoundTrip(codec, "c".repeat(70000), "db 00011170" + "63".repeat(70000));
  }

  @Test
  void nonAsciiStringsAreUtf8AndTheHeaderCountsBytes() throws CodecException {
    TdlCodec<String> codec = TdlCodec.of(String.class);
    assertRoundTrip(codec, "é", "a2 c3a9");
    assertRoundTrip(codec, "日本", "a6 e697a5e69cac");
    assertRoundTrip(codec, "\uD83D\uDE00", "a4 f09f9880"); // one emoji, a surrogate pair
    // 16 chars but 32 bytes: the byte count picks str8.
    String sixteenEAcute = "é".repeat(16);
    assertRoundTrip(codec, sixteenEAcute, "d9 20" + "c3a9".repeat(16));
    String sixHundredEAcute = "é".repeat(600);
    assertRoundTrip(codec, sixHundredEAcute, "da 04b0" + "c3a9".repeat(600));
  }

  @Test
  void nullStringIsNil() throws CodecException {
    assertRoundTrip(TdlCodec.of(String.class), null, "c0");
  }

  // ---- byte sequences -------------------------------------------------------------------------

  @Test
  void bytesAreEncodedAsAnArrayOfUintsNeverBin() throws CodecException {
    TdlCodec<byte[]> codec = TdlCodec.of(byte[].class);
    byte[] value = {0, 1, 127, (byte) 128, (byte) 255};
    byte[] encoded = codec.encode(value);
    assertEquals("95 00 01 7f cc80 ccff".replace(" ", ""), Hex.of(encoded));
    assertArrayEquals(value, codec.decode(encoded));
    assertEquals("90", Hex.of(codec.encode(new byte[0])));
    assertArrayEquals(new byte[0], codec.decode(Hex.bytes("90")));
  }

  @Test
  void bytesAreDecodedFromBinToo() throws CodecException {
    TdlCodec<byte[]> codec = TdlCodec.of(byte[].class);
    assertArrayEquals(
        new byte[] {0, 1, 127, (byte) 128, (byte) 255},
        codec.decode(Hex.bytes("c4 05 00017f80ff")));
    assertArrayEquals(new byte[0], codec.decode(Hex.bytes("c4 00")));
    byte[] big = new byte[300];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    assertArrayEquals(big, codec.decode(Hex.bytes("c5 012c" + Hex.of(big))));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 65535, 65536, 65537, 200_000})
  void bin32OfAnySizeDecodes(int size) throws CodecException {
    byte[] value = new byte[size];
    for (int i = 0; i < size; i++) {
      value[i] = (byte) (i * 7 + 3);
    }
    byte[] bin = new byte[5 + size];
    bin[0] = (byte) 0xc6;
    bin[1] = (byte) (size >>> 24);
    bin[2] = (byte) (size >>> 16);
    bin[3] = (byte) (size >>> 8);
    bin[4] = (byte) size;
    System.arraycopy(value, 0, bin, 5, size);
    assertArrayEquals(value, TdlCodec.of(byte[].class).decode(bin));
  }

  @Test
  void aLongByteSequenceRoundTrips() throws CodecException {
    TdlCodec<byte[]> codec = TdlCodec.of(byte[].class);
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    byte[] encoded = codec.encode(big);
    assertEquals("dd00030d40", Hex.of(encoded).substring(0, 10));
    assertArrayEquals(big, codec.decode(encoded));
  }

  // ---- containers -----------------------------------------------------------------------------

  @Test
  void nestedLists() throws CodecException {
    TdlCodec<Object> codec = TdlCodec.ofType(new GenericType<List<List<Long>>>() {}.type());
    assertRoundTrip(
        codec,
        List.of(List.of(1L, 2L), List.of(), List.of(-1L, 300L)),
        "93 92 01 02 90 92 ff cd012c");
    assertRoundTrip(codec, List.of(), "90");
  }

  @Test
  void listOfStrings() throws CodecException {
    TdlCodec<Object> codec = TdlCodec.ofType(new GenericType<List<String>>() {}.type());
    assertRoundTrip(codec, List.of("a", "", "bc"), "93 a161 a0 a26263");
  }

  @Test
  void aLongListRoundTrips() throws CodecException {
    TdlCodec<Object> codec = TdlCodec.ofType(new GenericType<List<Integer>>() {}.type());
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      values.add(i - 35_000);
    }
    byte[] encoded = codec.encode(values);
    assertEquals("dd00011170", Hex.of(encoded).substring(0, 10));
    assertEquals(values, codec.decode(encoded));
  }

  @Test
  void mapsKeepTheirOrder() throws CodecException {
    TdlCodec<Object> codec = TdlCodec.ofType(new GenericType<Map<String, Integer>>() {}.type());
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("z", 1);
    map.put("a", -2);
    map.put("m", 300);
    byte[] encoded = codec.encode(map);
    assertEquals("83 a17a 01 a161 fe a16d cd012c".replace(" ", ""), Hex.of(encoded));
    @SuppressWarnings("unchecked")
    Map<String, Integer> decoded = (Map<String, Integer>) codec.decode(encoded);
    assertEquals(map, decoded);
    assertEquals(List.of("z", "a", "m"), List.copyOf(decoded.keySet()));
  }

  @Test
  void mapsWithNonStringKeysAndListValues() throws CodecException {
    TdlCodec<Object> codec = TdlCodec.ofType(new GenericType<Map<Long, List<Boolean>>>() {}.type());
    Map<Long, List<Boolean>> map = new LinkedHashMap<>();
    map.put(-1L, List.of(true));
    map.put(1000L, List.of());
    assertRoundTrip(codec, map, "82 ff 91 c3 cd03e8 90");
    assertRoundTrip(codec, Map.of(), "80");
  }

  // ---- Option ---------------------------------------------------------------------------------

  @Test
  void optionalIsNilWhenEmptyAndTheBareValueOtherwise() throws CodecException {
    TdlCodec<Object> strings = TdlCodec.ofType(new GenericType<Optional<String>>() {}.type());
    assertRoundTrip(strings, Optional.empty(), "c0");
    assertRoundTrip(strings, Optional.of("a"), "a1 61");
    TdlCodec<Object> longs = TdlCodec.ofType(new GenericType<Optional<Long>>() {}.type());
    assertRoundTrip(longs, Optional.of(128L), "cc 80");
    assertRoundTrip(longs, Optional.empty(), "c0");
    TdlCodec<Object> lists = TdlCodec.ofType(new GenericType<List<Optional<Integer>>>() {}.type());
    assertRoundTrip(lists, List.of(Optional.of(1), Optional.empty()), "92 01 c0");
  }

  @Test
  void nullableBoxesAreOptions() throws CodecException {
    assertRoundTrip(TdlCodec.of(Long.class), null, "c0");
    assertRoundTrip(TdlCodec.of(Long.class), 5L, "05");
    assertRoundTrip(TdlCodec.of(Integer.class), null, "c0");
    assertRoundTrip(TdlCodec.of(Double.class), null, "c0");
    assertRoundTrip(TdlCodec.of(Boolean.class), null, "c0");
    assertRoundTrip(TdlCodec.of(BigInteger.class), null, "c0");
    assertNull(TdlCodec.of(byte[].class).decode(Hex.bytes("c0")));
    assertEquals("c0", Hex.of(TdlCodec.of(byte[].class).encode(null)));
  }

  // ---- enums and records ----------------------------------------------------------------------

  @Test
  void enumsAreTheirVariantName() throws CodecException {
    TdlCodec<Color> codec = TdlCodec.of(Color.class);
    assertRoundTrip(codec, Color.RED, "a3 524544");
    assertRoundTrip(codec, Color.DARK_BLUE, "a9 4441524b5f424c5545");
    assertSame(Color.GREEN, codec.decode(Hex.bytes("a5 475245454e")));
  }

  @Test
  void recordsAreArraysOfTheirComponents() throws CodecException {
    assertRoundTrip(TdlCodec.of(Point.class), new Point(1, -2), "92 01 fe");
    assertRoundTrip(TdlCodec.of(Point.class), null, "c0");
  }

  @Test
  void recordsDecodeFromAMapKeyedByComponentName() throws CodecException {
    // rmp_serde::to_vec_named writes structs this way; field order need not match.
    assertEquals(
        new Point(1, -2), TdlCodec.of(Point.class).decode(Hex.bytes("82 a179 fe a178 01")));
  }

  @Test
  void recordsWithListsMapsOptionalsAndRecords() throws CodecException {
    TdlCodec<Order> codec = TdlCodec.of(Order.class);
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("b", 2L);
    counts.put("a", -1L);
    Order full =
        new Order(
            "o1",
            List.of(new Point(1, 2), new Point(3, 4)),
            counts,
            Optional.of("n"),
            new Point(0, 0),
            Color.GREEN,
            7L);
    assertRoundTrip(
        codec, full, "97 a26f31 92 920102 920304 82 a162 02 a161 ff a16e 920000 a5475245454e 07");
    Order sparse = new Order("", List.of(), Map.of(), Optional.empty(), null, Color.RED, null);
    assertRoundTrip(codec, sparse, "97 a0 90 80 c0 c0 a3524544 c0");
  }

  @Test
  void aRecursiveRecordRoundTrips() throws CodecException {
    TdlCodec<Node> codec = TdlCodec.of(Node.class);
    Node leaf = new Node("b", List.of());
    Node tree = new Node("a", List.of(leaf, new Node("c", List.of(new Node("d", List.of())))));
    assertRoundTrip(codec, tree, "92 a161 92 92a16290 92a163 91 92a16490");
  }

  @Test
  void aRecursiveRecordEndsWithANullReference() throws CodecException {
    // Rust: struct Chain { value: i64, next: Option<Box<Chain>> }; the inner occurrence is as
    // nullable as the outer one, otherwise no finite Chain could be encoded.
    TdlCodec<Chain> codec = TdlCodec.of(Chain.class);
    assertRoundTrip(codec, new Chain(1, new Chain(2, null)), "92 01 92 02 c0");
    assertRoundTrip(codec, new Chain(3, null), "92 03 c0");
  }

  @Test
  void aRecursiveRecordThroughOptionals() throws CodecException {
    TdlCodec<Tree> codec = TdlCodec.of(Tree.class);
    Tree tree =
        new Tree(
            "r", Optional.of(new Tree("l", Optional.empty(), Optional.empty())), Optional.empty());
    assertRoundTrip(codec, tree, "93 a172 93a16cc0c0 c0");
  }

  @Test
  void codecsAreReusableAndIndependentOfBuildOrder() throws Exception {
    // The inner record was first built as a component; asking for it alone must give the same.
    TdlCodec.of(Order.class);
    assertRoundTrip(TdlCodec.of(Point.class), new Point(5, 6), "92 05 06");
    assertEquals(
        new Point(5, 6),
        TdlCodec.of(Point.class).decode(TdlCodec.of(Point.class).encode(new Point(5, 6))));
  }

  @Test
  void aVoidValueIsNil() throws CodecException {
    assertRoundTrip(TdlCodec.of(Void.class), null, "c0");
  }

  @Test
  void bytesWrittenByMsgpackCoreDecodeAsTheRecord() throws Exception {
    // An independent encoder: map form with string keys in declaration order, str16 name.
    MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    packer.packMapHeader(2);
    packer.packString("name");
    packer.packString("x".repeat(300));
    packer.packString("children");
    packer.packArrayHeader(0);
    packer.close();
    Node node = TdlCodec.of(Node.class).decode(packer.toByteArray());
    assertEquals(new Node("x".repeat(300), List.of()), node);
    assertEquals(300, node.name().getBytes(StandardCharsets.UTF_8).length);
  }
}
