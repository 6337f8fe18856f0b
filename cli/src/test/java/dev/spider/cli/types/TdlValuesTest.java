package dev.spider.cli.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.types.TdlValues.BinaryForm;
import dev.spider.tdl.codec.CodecException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Untyped conversions, as {@code spider exec} uses them: JSON taken for what it looks like. */
final class TdlValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** The bytes rmp_serde::to_vec writes for the Rust value the JSON stands for. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10                   | 0a",
        "-1                   | ff",
        "200                  | ccc8",
        "18446744073709551615 | cfffffffffffffffff",
        "-9223372036854775808 | d38000000000000000",
        "1.5                  | cb3ff8000000000000",
        "true                 | c3",
        "null                 | c0",
        "\"hi\"               | a26869",
        "[1, [2]]             | 920191 02",
        "{\"k\": 1}           | 81a16b01"
      })
  void jsonEncodesAsRmpSerdeWritesTheMatchingValue(String json, String hex) throws Exception {
    assertEquals(
        hex.replace(" ", ""),
        HexFormat.of().formatHex(TdlValues.encodeUntyped(JSON.readTree(json))));
  }

  @Test
  void integersOutsideSixtyFourBitsAreRefusedWithWhereTheyAre() throws Exception {
    InvalidLiteralException e =
        assertThrows(
            InvalidLiteralException.class,
            () -> TdlValues.encodeUntyped(JSON.readTree("{\"a/b\": [1, 18446744073709551616]}")));
    assertEquals("/a~1b/1", e.pointer());
    assertEquals("integer 18446744073709551616 is outside the 64-bit range", e.problem());
  }

  @Test
  void decodingShowsBytesAsTheCallerAsks() throws Exception {
    assertEquals(
        List.of(1L, 255L), TdlValues.decodeUntyped(bytes("c40201ff"), BinaryForm.INTEGERS));
    assertEquals("Af8=", TdlValues.decodeUntyped(bytes("c40201ff"), BinaryForm.BASE64));
    assertEquals(
        Arrays.asList(null, new BigInteger("18446744073709551615"), Map.of("1", 2.5)),
        TdlValues.decodeUntyped(
            bytes("93c0cfffffffffffffffff8101cb4004000000000000"), BinaryForm.BASE64));
  }

  @Test
  void anythingButExactlyOneValueIsRefused() {
    CodecException trailing =
        assertThrows(
            CodecException.class,
            () -> TdlValues.decodeUntyped(bytes("0102"), BinaryForm.INTEGERS));
    assertTrue(trailing.getMessage().contains("trailing bytes"), trailing.getMessage());
    assertThrows(
        CodecException.class, () -> TdlValues.decodeUntyped(bytes("92"), BinaryForm.INTEGERS));
  }

  @Test
  void decodedValuesPrintAsJson() throws Exception {
    Object value = TdlValues.decodeUntyped(bytes("92a26869c40101"), BinaryForm.INTEGERS);
    assertEquals("[[\"hi\",[1]]]", TdlValues.toJson(List.of(value)).toString());
  }
}
