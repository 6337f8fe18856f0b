package dev.spider.cli.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.tdl.binding.TdlTypeNames;
import dev.spider.tdl.binding.TypeSpelling;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The names tdl-api's {@link TdlTypeNames} spells for Java types parse back to themselves with the
 * job-file type parser; {@link TypeWidening} and {@link ArgumentFit} on them.
 */
class SpelledTypesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One field per Java type a task may declare. */
  @SuppressWarnings("unused")
  private static final class Declared {
    byte b;
    Short s;
    int i;
    Long l;
    BigInteger big;
    float f;
    Double d;
    boolean z;
    String text;
    byte[] bytes;
    List<Long> listOfLong;
    List<? extends List<String>> nestedList;
    Map<String, Optional<Double>> mapOfOptional;
    Map<Integer, byte[]> mapIntKeys;
    Map<BigInteger, Boolean> mapU64Keys;
    Optional<List<Integer>> optionalList;
  }

  @Test
  void everySpelledNameParsesBackToItself() {
    List<String> spelled = new ArrayList<>();
    for (Field field : Declared.class.getDeclaredFields()) {
      Type type = field.getGenericType();
      TypeSpelling spelling = TdlTypeNames.spell(type);
      assertTrue(spelling instanceof TypeSpelling.Tdl, type + " -> " + spelling);
      String name = ((TypeSpelling.Tdl) spelling).name();
      assertEquals(name, TdlType.parse(name).toString(), "round trip of " + type);
      spelled.add(name);
    }
    assertEquals(Declared.class.getDeclaredFields().length, spelled.size());
    assertTrue(spelled.contains("map<string, option<double>>"), spelled.toString());
  }

  @ParameterizedTest(name = "{0} fits {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "int32; int64; true",
        "int64; int32; false",
        "uint8; int16; true",
        "uint64; int64; false",
        "int8; uint64; false",
        "float; double; true",
        "double; float; false",
        "int64; option<int64>; true",
        "option<int64>; int64; false",
        "option<int32>; option<int64>; true",
        "list<uint16>; list<int32>; true",
        "map<string, int8>; map<string, int64>; true",
        "map<int64, int8>; map<int32, int8>; false",
        "string; bytes; false",
        "list<string>; list<string>; true",
      })
  void widening(String from, String to, boolean fits) {
    assertEquals(fits, TypeWidening.fits(TdlType.parse(from), TdlType.parse(to)));
  }

  @ParameterizedTest(name = "{1} fits {0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "int64; 10",
        "int8; -128",
        "uint64; 18446744073709551615",
        "double; 10",
        "string; \"x\"",
        "bytes; [1, 2, 255]",
        "list<int32>; [1, 2]",
        "map<int32, string>; {\"7\": \"seven\"}",
        "option<int64>; null",
        "int64; null",
        "list<bytes>; [[0], []]",
      })
  void argumentsThatFit(String type, String json) throws Exception {
    ArgumentFit.check(TdlType.parse(type), JSON.readTree(json));
  }

  @ParameterizedTest(name = "{1} does not fit {0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "int64; \"10\"; ''",
        "int8; 300; ''",
        "uint64; -1; ''",
        "bytes; [1, 256]; /1",
        "bytes; \"AQID\"; ''",
        "list<int32>; [1, \"2\"]; /1",
        "map<int32, string>; {\"x\": \"seven\"}; /x",
        "boolean; 1; ''",
      })
  void argumentsThatDoNotFit(String type, String json, String pointer) throws Exception {
    JsonNode value = JSON.readTree(json);
    InvalidLiteralException e =
        assertThrows(
            InvalidLiteralException.class, () -> ArgumentFit.check(TdlType.parse(type), value));
    assertEquals(pointer, e.pointer());
    assertFalse(e.problem().isBlank());
  }
}
