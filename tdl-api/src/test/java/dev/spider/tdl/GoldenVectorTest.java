package dev.spider.tdl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.tdl.GoldenVectors.Vector;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden vector checked as its {@code check} field says, with the Java type its {@code
 * rust_type} maps to. An unknown form, check or Rust type fails the test rather than being skipped.
 */
class GoldenVectorTest {

  /** The Java side of {@code (i32, String)}: a record is a positional struct, as a tuple is. */
  public record IntAndString(int number, String text) {}

  private static final Map<String, Type> JAVA_TYPE_OF_RUST_TYPE =
      Map.ofEntries(
          Map.entry("u64", BigInteger.class),
          Map.entry("i64", long.class),
          Map.entry("f64", double.class),
          Map.entry("bool", boolean.class),
          Map.entry("()", Void.class),
          Map.entry("String", String.class),
          Map.entry("Vec<String>", TypeRef.LIST_OF_STRING),
          Map.entry("Vec<u8>", byte[].class),
          Map.entry("Option<u64>", TypeRef.OPTIONAL_BIGINTEGER),
          Map.entry("HashMap<String, i64>", TypeRef.MAP_STRING_LONG),
          Map.entry("(i32, String)", IntAndString.class),
          Map.entry("JobId (u64 newtype)", long.class));

  static Stream<Vector> vectors() {
    return GoldenVectors.all().stream();
  }

  @Test
  void theVectorFileIsComplete() {
    assertEquals(64, GoldenVectors.all().size(), "vector count of golden-vectors.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void checkedAsTheVectorSays(Vector v) throws Exception {
    switch (v.check()) {
      case "decode and re-encode byte for byte" -> decodeAndReencode(v);
      case "unframe and re-frame byte for byte" ->
          assertArrayEquals(v.bytes(), WireFormat.encode(WireFormat.decode(v.bytes())));
      case "compare bytes" ->
          assertArrayEquals(
              v.bytes(), "integration_test_tasks".getBytes(StandardCharsets.UTF_8), v.name());
      case "decode" -> decodeNativeResult(v);
      case "decode only (any zstd encoder may produce other bytes)" -> decodeCompressed(v);
      default -> fail("unknown check '" + v.check() + "' in " + v.name());
    }
  }

  private static void decodeAndReencode(Vector v) throws Exception {
    if (v.form().startsWith("serialized task outputs")) {
      List<byte[]> payloads = SerializedTaskOutputs.decode(v.bytes());
      assertArrayEquals(v.bytes(), SerializedTaskOutputs.encodePlain(payloads));
      return;
    }
    String rustType = v.rustType().orElseThrow(() -> new AssertionError("no rust_type: " + v));
    byte[] reencoded =
        switch (rustType) {
          case "TaskContext" -> TaskContext.decode(v.bytes()).encode();
          case "TaskId" -> TaskContext.encodeTaskId(TaskContext.decodeTaskId(v.bytes()));
          case "TdlError" -> TdlError.decode(v.bytes()).encode();
          default -> {
            Type javaType = JAVA_TYPE_OF_RUST_TYPE.get(rustType);
            if (javaType == null) {
              throw new AssertionError("no Java mapping for Rust type " + rustType);
            }
            TdlCodec<Object> codec = TdlCodec.ofType(javaType);
            yield codec.encode(codec.decode(v.bytes()));
          }
        };
    assertArrayEquals(v.bytes(), reencoded, v.name());
  }

  private static void decodeNativeResult(Vector v) throws CodecException {
    boolean isError = v.isError().orElseThrow();
    if (isError) {
      TdlError error = TdlError.decode(v.bytes());
      assertArrayEquals(v.bytes(), error.encode());
    } else if (v.bytes().length > 0) {
      assertArrayEquals(v.bytes(), WireFormat.encode(WireFormat.decode(v.bytes())));
    } else {
      assertTrue(v.name().equals("result/init_ok"), "only init may return an empty buffer");
    }
  }

  private static void decodeCompressed(Vector v) throws CodecException {
    List<byte[]> payloads = SerializedTaskOutputs.decode(v.bytes());
    assertEquals(v.payloads().size(), payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      assertArrayEquals(v.payloads().get(i), payloads.get(i), "payload " + i);
    }
    assertEquals("spider-".repeat(100), TdlCodec.of(String.class).decode(payloads.get(0)));
    @SuppressWarnings("unchecked")
    List<Integer> ints =
        (List<Integer>) TdlCodec.ofType(TypeRef.LIST_OF_INTEGER).decode(payloads.get(1));
    assertEquals(300, ints.size());
    assertEquals(299, ints.get(299));
  }

  @Test
  void specificVectorsDecodeToTheDocumentedValues() throws Exception {
    TaskContext max = TaskContext.decode(GoldenVectors.named("task_context/u64_max_ids").bytes());
    assertEquals(-1L, max.jobId());
    assertEquals(TaskId.index(-1L), max.taskId());
    assertEquals("18446744073709551615", Long.toUnsignedString(max.taskInstanceId()));

    TaskContext commit =
        TaskContext.decode(GoldenVectors.named("task_context/commit_outputs_3_minus_3").bytes());
    assertEquals(TaskId.COMMIT, commit.taskId());
    assertEquals(List.of(3L, -3L), commit.taskGraphOutputs(Long.class));

    TdlError error = TdlError.decode(GoldenVectors.named("tdl_error/always_fail").bytes());
    assertEquals(TdlError.Kind.EXECUTION_ERROR, error.kind());
    assertTrue(error.getMessage().contains("always_fail"));

    assertEquals(
        Optional.empty(),
        TdlCodec.ofType(TypeRef.OPTIONAL_BIGINTEGER)
            .decode(GoldenVectors.named("value/option_u64_none").bytes()));
  }
}
