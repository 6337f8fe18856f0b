package dev.spider.tdl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.GenericType;
import dev.spider.tdl.Hex;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The ways a value fails to encode or decode: each is a {@link CodecException} (or, for a type
 * without mapping, an {@link UnsupportedTypeException}) whose message names the problem, and an
 * out-of-range number is never silently wrapped.
 */
class TdlCodecErrorTest {

  public enum Color {
    RED,
    GREEN
  }

  public record Point(int x, int y) {}

  public record Line(Point from, Point to) {}

  /** Asserts that running {@code call} throws a CodecException whose message has every part. */
  private static CodecException assertCodecError(Executable call, String... parts) {
    CodecException e = assertThrows(CodecException.class, call);
    assertMessageHas(e, parts);
    return e;
  }

  private static void assertMessageHas(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage() != null && e.getMessage().contains(part),
          () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
  }

  private static Executable decode(Class<?> type, String hex) {
    return () -> TdlCodec.of(type).decode(Hex.bytes(hex));
  }

  private static Executable decode(Type type, String hex) {
    return () -> TdlCodec.ofType(type).decode(Hex.bytes(hex));
  }

  // ---- out of range -----------------------------------------------------------------------------

  @Test
  void u64AboveLongMaxIntoLongIsAnErrorNotAWrap() {
    assertCodecError(
        decode(long.class, "cf 8000000000000000"), "9223372036854775808", "out of range", "long");
    assertCodecError(
        decode(Long.class, "cf ffffffffffffffff"), "18446744073709551615", "out of range");
  }

  @Test
  void outOfRangeIntoByte() {
    assertCodecError(decode(byte.class, "cc 80"), "128", "out of range", "Byte");
    assertCodecError(decode(Byte.class, "d1 ff7f"), "-129", "out of range", "Byte");
    assertCodecError(decode(byte.class, "cf ffffffffffffffff"), "18446744073709551615", "Byte");
  }

  @Test
  void outOfRangeIntoShort() {
    assertCodecError(decode(short.class, "cd 9c40"), "40000", "out of range", "Short");
    assertCodecError(decode(short.class, "d2 ffff7fff"), "-32769", "Short");
  }

  @Test
  void outOfRangeIntoInt() {
    assertCodecError(decode(int.class, "ce 80000000"), "2147483648", "out of range", "Integer");
    assertCodecError(decode(Integer.class, "d3 ffffffff7fffffff"), "-2147483649", "Integer");
  }

  @Test
  void float64BeyondFloatRangeIntoFloat() {
    String hex = "cb" + String.format("%016x", Double.doubleToLongBits(1e300));
    assertCodecError(decode(float.class, hex), "1.0E300", "out of range for float");
    assertCodecError(decode(Float.class, hex), "out of range for float");
  }

  @Test
  void byteArrayElementOutOfRange() {
    assertCodecError(decode(byte[].class, "92 01 cd0100"), "byte 1 of 2", "256", "0..255");
    assertCodecError(decode(byte[].class, "91 ff"), "-1", "0..255");
    assertCodecError(decode(byte[].class, "91 a161"), "byte 0 of 1", "not an integer");
  }

  @Test
  void byteArrayElementAboveLongMaxIsACodecError() {
    assertCodecError(decode(byte[].class, "91 cf ffffffffffffffff"), "byte 0 of 1");
  }

  @Test
  void bigIntegerBeyondU64OrI64IsRefusedOnEncode() {
    TdlCodec<BigInteger> codec = TdlCodec.of(BigInteger.class);
    assertCodecError(
        () -> codec.encode(BigInteger.ONE.shiftLeft(64)), "18446744073709551616", "u64/i64");
    assertCodecError(
        () -> codec.encode(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)),
        "-9223372036854775809",
        "u64/i64");
  }

  // ---- shape mismatches -------------------------------------------------------------------------

  @Test
  void aStringWhereAnIntIsExpected() {
    assertCodecError(decode(int.class, "a1 61"), "expected an integer", "string");
    assertCodecError(decode(long.class, "c3"), "expected an integer", "boolean");
  }

  @Test
  void otherMismatchesNameWhatWasExpectedAndFound() {
    assertCodecError(decode(String.class, "01"), "expected string", "integer");
    assertCodecError(decode(boolean.class, "01"), "expected a boolean", "integer");
    assertCodecError(decode(double.class, "01"), "expected a float", "integer");
    assertCodecError(decode(BigInteger.class, "a0"), "expected an integer", "string");
    assertCodecError(decode(byte[].class, "a0"), "expected a byte sequence", "string");
    assertCodecError(decode(new GenericType<List<Long>>() {}.type(), "01"), "expected an array");
    assertCodecError(
        decode(new GenericType<Map<String, Long>>() {}.type(), "90"), "expected a map");
    assertCodecError(decode(Point.class, "a0"), "Point", "string");
  }

  @Test
  void nilIntoAPrimitive() {
    assertCodecError(decode(long.class, "c0"), "expected an integer", "nil");
    assertCodecError(decode(int.class, "c0"), "nil");
    assertCodecError(decode(boolean.class, "c0"), "nil");
    assertCodecError(decode(double.class, "c0"), "nil");
  }

  @Test
  void nullIntoAPrimitiveOnEncode() {
    assertCodecError(() -> TdlCodec.of(long.class).encode(null), "null", "long");
    assertCodecError(() -> TdlCodec.of(int.class).encode(null), "null", "Integer");
    assertCodecError(() -> TdlCodec.of(boolean.class).encode(null), "null", "boolean");
    assertCodecError(
        () -> TdlCodec.ofType(new GenericType<Optional<String>>() {}.type()).encode(null),
        "null Optional");
  }

  @Test
  void invalidUtf8InAString() {
    assertCodecError(decode(String.class, "a5 ffffffffff"), "not valid UTF-8");
    assertCodecError(decode(String.class, "a2 c328"), "not valid UTF-8");
    assertCodecError(decode(Color.class, "a2 c328"), "not valid UTF-8");
  }

  @Test
  void aTruncatedValue() {
    assertCodecError(decode(int.class, "cd 01"), "truncated");
    assertCodecError(decode(String.class, "a5 6162"), "truncated");
    assertCodecError(decode(new GenericType<List<Long>>() {}.type(), "93 01 02"), "truncated");
    assertCodecError(decode(Point.class, "92 01"), "truncated");
  }

  @Test
  void trailingBytesAfterTheValue() {
    assertCodecError(decode(long.class, "01 02"), "1 trailing byte", "consumed 1 of 2");
    assertCodecError(decode(Point.class, "92 01 02 c0 c0"), "2 trailing byte");
  }

  @Test
  void anEmptyBuffer() {
    assertCodecError(decode(long.class, ""), "empty buffer");
    assertCodecError(decode(String.class, ""), "empty buffer");
  }

  @Test
  void neverUsedFormatByte() {
    assertCodecError(decode(long.class, "c1"), "malformed");
  }

  @Test
  void recordArityMismatch() {
    assertCodecError(decode(Point.class, "93 01 02 03"), "Point", "2 fields", "found 3");
    assertCodecError(decode(Point.class, "91 01"), "2 fields", "found 1");
  }

  @Test
  void recordMapFormErrorsNameTheField() {
    assertCodecError(decode(Point.class, "81 a178 01"), "Point", "missing field 'y'");
    assertCodecError(decode(Point.class, "82 a178 01 a17a 02"), "unknown field 'z'");
  }

  @Test
  void nestedErrorsNameThePath() {
    assertCodecError(decode(Line.class, "92 920102 92 01 a161"), "Line.to", "Point.y", "integer");
    assertCodecError(
        decode(new GenericType<List<Integer>>() {}.type(), "93 01 02 ce80000000"),
        "element 2",
        "2147483648");
  }

  @Test
  void unknownEnumVariant() {
    assertCodecError(decode(Color.class, "a4 424c5545"), "'BLUE'", "not a variant of Color");
    assertCodecError(decode(Color.class, "01"), "Color", "integer");
  }

  // ---- hostile headers --------------------------------------------------------------------------

  @Test
  void aHugeArrayHeaderIsACodecErrorNotAnUncheckedException() {
    // array32 of 2^32 - 1 elements, beyond what a Java array or list can hold
    assertCodecError(decode(new GenericType<List<Long>>() {}.type(), "dd ffffffff"), "List");
    assertCodecError(decode(byte[].class, "dd ffffffff"), "byte[]");
    assertCodecError(decode(new GenericType<Map<String, Long>>() {}.type(), "df ffffffff"), "Map");
    assertCodecError(decode(String.class, "db ffffffff"), "String");
  }

  @Test
  void aHugeByteSequenceHeaderOverAShortBufferIsTruncatedWithoutAllocatingIt() {
    // 2^31 - 1 bytes announced, 1 present: must be reported as truncated, not attempt a 2 GiB
    // allocation (which ends in OutOfMemoryError on a small heap).
    assertCodecError(decode(byte[].class, "c6 7fffffff 00"), "truncated");
    assertCodecError(decode(byte[].class, "dd 7fffffff 00"), "truncated");
    assertCodecError(decode(String.class, "db 7fffffff 61"), "truncated");
  }

  // ---- unsupported types ------------------------------------------------------------------------

  private static void assertUnsupported(Type type, String... parts) {
    UnsupportedTypeException e =
        assertThrows(UnsupportedTypeException.class, () -> TdlCodec.ofType(type));
    assertMessageHas(e, parts);
    assertMessageHas(e, "no TDL mapping", "supported:");
  }

  @SuppressWarnings("rawtypes")
  @Test
  void rawContainersAreUnsupported() {
    assertUnsupported(List.class, "java.util.List", "type arguments");
    assertUnsupported(Map.class, "java.util.Map");
    assertUnsupported(Optional.class, "java.util.Optional");
    UnsupportedTypeException e =
        assertThrows(UnsupportedTypeException.class, () -> TdlCodec.of(List.class));
    assertMessageHas(e, "java.util.List");
  }

  @Test
  void objectAndOtherArraysAreUnsupported() {
    assertUnsupported(Object.class, "java.lang.Object");
    assertUnsupported(int[].class, "int[]", "List<T>");
    assertUnsupported(String[].class, "java.lang.String[]");
    assertUnsupported(Thread.class, "java.lang.Thread");
  }

  static <T> void generic(T value, List<? extends T> values, List<?> any) {}

  @Test
  void typeVariablesAndWildcardsAreUnsupported() throws Exception {
    Method m =
        TdlCodecErrorTest.class.getDeclaredMethod("generic", Object.class, List.class, List.class);
    Type[] params = m.getGenericParameterTypes();
    assertTrue(params[0] instanceof TypeVariable<?>);
    assertUnsupported(params[0], "type T ", "type variables");
    // List<? extends T> is read as List<T>: the element type T is what has no mapping.
    assertUnsupported(params[1], "type T ", "type variables");
    assertUnsupported(params[2], "List<?>", "concrete element type");
  }

  @Test
  void unsupportedTypesNestedInContainersAndRecordsAreNamed() {
    assertUnsupported(new GenericType<List<Object>>() {}.type(), "java.lang.Object");
    assertUnsupported(new GenericType<Map<String, int[]>>() {}.type(), "int[]");
    assertUnsupported(BadRecord.class, "java.lang.Thread");
    assertUnsupported(new GenericType<java.util.Set<String>>() {}.type(), "java.util.Set");
    assertUnsupported(new GenericType<int[][]>() {}.type(), "int[][]");
  }

  public record BadRecord(long id, Thread owner) {}

  private record PrivateRecord(long id) {}

  @Test
  void aNonPublicRecordIsUnsupported() {
    assertUnsupported(PrivateRecord.class, "PrivateRecord", "must be public");
  }

  @Test
  void theCodecNamesItsType() {
    assertEquals(
        "TdlCodec[java.util.List<java.lang.Long>]",
        TdlCodec.ofType(new GenericType<List<Long>>() {}.type()).toString());
  }
}
