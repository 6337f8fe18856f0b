package dev.spider.tdl.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskOutputs;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.codec.UnsupportedTypeException;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TdlTypeNames}: every supported Java type spelled as a job file spells it. */
class TdlTypeNamesTest {

  /** A struct: no job-file name. */
  public record Point(long x, long y) {}

  /** An enum: no job-file name. */
  public enum Colour {
    Red,
    Green
  }

  /** Field declarations carrying the generic types under test. */
  @SuppressWarnings("unused")
  private static final class Fields {
    List<Long> listOfLong;
    List<? extends Integer> listOfWildcard;
    List<List<String>> listOfListOfString;
    Map<String, Double> mapStringDouble;
    Map<Integer, List<Boolean>> mapIntListBoolean;
    Map<BigInteger, byte[]> mapU64Bytes;
    Optional<Long> optionalLong;
    Optional<List<Optional<Short>>> optionalListOptional;
    Map<String, Optional<Float>> mapStringOptionalFloat;
    List<Point> listOfPoint;
    Map<Boolean, Long> mapBooleanKey;
    Map<Double, Long> mapDoubleKey;
    Map<Colour, Long> mapEnumKey;
    Optional<Optional<Long>> optionalOptional;
    Optional<Point> optionalPoint;
    List<Thread> listOfThread;
    List<?> listOfAnything;
  }

  static Type field(String name) {
    try {
      return Fields.class.getDeclaredField(name).getGenericType();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> spelled() {
    return Stream.of(
        Arguments.of(byte.class, "int8"),
        Arguments.of(Byte.class, "int8"),
        Arguments.of(short.class, "int16"),
        Arguments.of(Short.class, "int16"),
        Arguments.of(int.class, "int32"),
        Arguments.of(Integer.class, "int32"),
        Arguments.of(long.class, "int64"),
        Arguments.of(Long.class, "int64"),
        Arguments.of(BigInteger.class, "uint64"),
        Arguments.of(float.class, "float"),
        Arguments.of(Float.class, "float"),
        Arguments.of(double.class, "double"),
        Arguments.of(Double.class, "double"),
        Arguments.of(boolean.class, "boolean"),
        Arguments.of(Boolean.class, "boolean"),
        Arguments.of(String.class, "string"),
        Arguments.of(byte[].class, "bytes"),
        Arguments.of(field("listOfLong"), "list<int64>"),
        Arguments.of(field("listOfWildcard"), "list<int32>"),
        Arguments.of(field("listOfListOfString"), "list<list<string>>"),
        Arguments.of(field("mapStringDouble"), "map<string, double>"),
        Arguments.of(field("mapIntListBoolean"), "map<int32, list<boolean>>"),
        Arguments.of(field("mapU64Bytes"), "map<uint64, bytes>"),
        Arguments.of(field("optionalLong"), "option<int64>"),
        Arguments.of(field("optionalListOptional"), "option<list<option<int16>>>"),
        Arguments.of(field("mapStringOptionalFloat"), "map<string, option<float>>"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("spelled")
  void spellsAsTheJobFileDoes(Type type, String expected) {
    assertEquals(new TypeSpelling.Tdl(expected), TdlTypeNames.spell(type));
  }

  static Stream<Arguments> javaOnly() {
    return Stream.of(
        Arguments.of(Point.class, "record"),
        Arguments.of(Colour.class, "enum"),
        Arguments.of(Void.class, "unit"),
        Arguments.of(field("listOfPoint"), "cannot name"),
        Arguments.of(field("mapBooleanKey"), "map keys"),
        Arguments.of(field("mapDoubleKey"), "map keys"),
        Arguments.of(field("mapEnumKey"), "cannot name"),
        Arguments.of(field("optionalOptional"), "option<option<T>>"),
        Arguments.of(field("optionalPoint"), "cannot name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaOnly")
  void typesAJobFileCannotNameKeepTheirJavaName(Type type, String reason) {
    TypeSpelling spelling = TdlTypeNames.spell(type);
    TypeSpelling.JavaOnly javaOnly = assertInstanceOf(TypeSpelling.JavaOnly.class, spelling);
    assertEquals(type.getTypeName(), javaOnly.javaType());
    assertTrue(javaOnly.reason().contains(reason), javaOnly.reason());
    assertEquals("java:" + type.getTypeName(), spelling.display());
  }

  @Test
  void aTypeWithoutAnyMappingIsRefusedAsTheBindingRefusesIt() {
    for (Type type :
        List.of(Thread.class, field("listOfThread"), field("listOfAnything"), List.class)) {
      UnsupportedTypeException e =
          assertThrows(UnsupportedTypeException.class, () -> TdlTypeNames.spell(type));
      assertTrue(e.getMessage().contains("has no TDL mapping"), e.getMessage());
    }
  }

  /** A package whose tasks cover no, one and several outputs. */
  public static final class Signatures implements TaskPackage {
    @Override
    public String name() {
      return "signatures";
    }

    /** Two outputs. */
    @TaskOutputs
    public record MinMax(long min, Optional<Integer> max) {}

    @Task
    public long add(TaskContext context, long a, long b) {
      return a + b;
    }

    @Task("min_max")
    public MinMax minMax(TaskContext context, List<Long> values) {
      return new MinMax(0, Optional.empty());
    }

    @Task
    public void nothing(TaskContext context, Point point) {}
  }

  @Test
  void boundTasksSpellTheirSignatures() throws TaskDefinitionException {
    PackageBinding binding = PackageBinding.bind(new Signatures());
    assertEquals(
        "(int64, int64) -> (int64)",
        binding.task("add").orElseThrow().spelledSignature().toString());
    assertEquals(
        "(list<int64>) -> (int64, option<int32>)",
        binding.task("min_max").orElseThrow().spelledSignature().toString());
    assertEquals(
        "(java:" + Point.class.getName() + ") -> ()",
        binding.task("nothing").orElseThrow().spelledSignature().toString());
  }
}
