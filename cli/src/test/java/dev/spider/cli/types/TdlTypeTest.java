package dev.spider.cli.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tdl.codec.CodecException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Job-file types: names, the exact MessagePack of literals, and decoding outputs for display. */
final class TdlTypeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int64                     | int64",
        "UINT64                    | uint64",
        "List<String>              | list<string>",
        "map< string ,list<int8> > | map<string, list<int8>>",
        "Option<Bytes>             | option<bytes>",
        "map<uint32, option<double>> | map<uint32, option<double>>"
      })
  void namesAreCaseInsensitiveAndPrintCanonically(String name, String canonical) {
    assertEquals(canonical, TdlType.parse(name).toString());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "int            | unknown type 'int'",
        "list<int64     | expected '>'",
        "list           | expected '<'",
        "int64 int64    | unexpected 'int64' after the type",
        "option<option<int64>> | option<option<...>> cannot be written in JSON",
        "map<double, int64>    | map keys must be string or an integer type",
        "''             | expected a type name"
      })
  void badNamesSayWhatIsWrongAndListTheValidTypes(String name, String problem) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TdlType.parse(name));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("valid types: int8, int16"), e.getMessage());
  }

  /** The bytes rmp_serde::to_vec writes for the Rust value of the same type. */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int64         | 10                   | 0a",
        "int64         | -1                   | ff",
        "int64         | 200                  | ccc8",
        "int64         | -9223372036854775808 | d38000000000000000",
        "int8          | -128                 | d080",
        "uint8         | 255                  | ccff",
        "uint64        | 18446744073709551615 | cfffffffffffffffff",
        "double        | 1.5                  | cb3ff8000000000000",
        "float         | 1.5                  | ca3fc00000",
        "double        | 2                    | cb4000000000000000",
        "boolean       | true                 | c3",
        "string        | \"hi\"               | a26869",
        "bytes         | \"AQID\"             | 93010203",
        "bytes         | \"/w==\"             | 91ccff",
        "list<int64>   | [1, 2]               | 920102",
        "map<string, int64> | {\"a\": 1}      | 81a16101",
        "map<int32, string> | {\"7\": \"x\"}  | 8107a178",
        "option<int64> | null                 | c0",
        "option<int64> | 5                    | 05",
        "list<option<string>> | [null, \"a\"] | 92c0a161"
      })
  void literalsEncodeExactlyAsRmpSerde(String type, String value, String expected)
      throws Exception {
    assertEquals(expected, hex(TdlType.parse(type).encode(json(value))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int8          | 128              | ''    | 128 is out of range for int8 [-128, 127]",
        "uint64        | -1               | ''    | -1 is out of range for uint64",
        "int64         | 1.5              | ''    | must be an integer, found number 1.5",
        "int64         | \"10\"           | ''    | must be an integer, found string",
        "float         | 1e39             | ''    | out of range for float",
        "bytes         | \"not base64!\"  | ''    | standard base64",
        "string        | null             | ''    | null is not a string",
        "list<int8>    | [1, 2, 300]      | /2    | 300 is out of range for int8",
        "map<string, list<int64>> | {\"a/b\": [1, \"x\"]} | /a~1b/1 | must be an integer",
        "map<uint8, string> | {\"x\": \"y\"} | /x | map key \"x\" is not a decimal integer",
        "list<string>  | {}               | ''    | must be an array, found object"
      })
  void valuesNotFittingTheirTypeSayWhereAndWhy(
      String type, String value, String pointer, String problem) throws Exception {
    InvalidLiteralException e =
        assertThrows(InvalidLiteralException.class, () -> TdlType.parse(type).encode(json(value)));
    assertEquals(pointer, e.pointer());
    assertTrue(e.problem().contains(problem), e.problem());
  }

  @Test
  void outputsDecodeToJsonFriendlyValuesByTheirType() throws Exception {
    assertEquals(200L, TdlType.parse("int64").decode(HexFormat.of().parseHex("ccc8")));
    assertEquals(
        new BigInteger("18446744073709551615"),
        TdlType.parse("uint64").decode(HexFormat.of().parseHex("cfffffffffffffffff")));
    assertEquals(7L, TdlType.parse("uint64").decode(HexFormat.of().parseHex("07")));
    assertEquals("AQID", TdlType.parse("bytes").decode(HexFormat.of().parseHex("93010203")));
    assertEquals(1.5, TdlType.parse("float").decode(HexFormat.of().parseHex("ca3fc00000")));
    assertEquals(
        Arrays.asList(null, "a"),
        TdlType.parse("list<option<string>>").decode(HexFormat.of().parseHex("92c0a161")));
    assertEquals(
        Map.of("7", "x"),
        TdlType.parse("map<int32, string>").decode(HexFormat.of().parseHex("8107a178")));
  }

  @Test
  void outputsNotOfTheirTypeAreRefused() {
    assertThrows(
        CodecException.class, () -> TdlType.parse("string").decode(HexFormat.of().parseHex("05")));
    assertThrows(
        CodecException.class, () -> TdlType.parse("int64").decode(HexFormat.of().parseHex("c0")));
    assertThrows(
        CodecException.class,
        () -> TdlType.parse("uint8").decode(HexFormat.of().parseHex("cd0100")));
    assertThrows(
        CodecException.class, () -> TdlType.parse("int64").decode(HexFormat.of().parseHex("0101")));
  }

  @Test
  void outputsWithoutDeclaredTypesDecodeGenerically() {
    assertEquals(
        List.of(-1L, new BigInteger("18446744073709551615"), "hi", List.of(1L, true), "AQI="),
        OutputDisplay.decode(
            List.of(
                HexFormat.of().parseHex("ff"),
                HexFormat.of().parseHex("cfffffffffffffffff"),
                HexFormat.of().parseHex("a26869"),
                HexFormat.of().parseHex("9201c3"),
                HexFormat.of().parseHex("c4020102")),
            Optional.empty()));
    assertEquals(
        Map.of("1", 2.5), OutputDisplay.generic(HexFormat.of().parseHex("8101cb4004000000000000")));
    assertTrue(
        ((String) OutputDisplay.generic(HexFormat.of().parseHex("0102")))
            .contains("trailing bytes"));
  }
}
