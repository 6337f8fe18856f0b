package dev.spider.nativeloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.GoldenVectors;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample packages through the real loader: golden results and the buffer contract. */
class NativePackageTest {

  // Golden vectors produced by the real rmp_serde (tdl-api's test-jar), by their names there.
  private static final byte[] CTX_INDEX_0 = golden("task_context/index_0");
  private static final byte[] CTX_COMMIT_3_MINUS_3 =
      golden("task_context/commit_outputs_3_minus_3");
  private static final byte[] WIRE_EMPTY = golden("wire/empty");
  private static final byte[] FIBONACCI_INPUTS_10 = golden("wire/fibonacci_inputs_10");

  /** Also result/fibonacci_10. */
  private static final byte[] FIBONACCI_OUTPUTS_55 = golden("wire/fibonacci_outputs_55");

  /** Also sleep_and_echo's outputs for them, result/sleep_and_echo_3_paths. */
  private static final byte[] SLEEP_AND_ECHO_3_PATHS = golden("wire/sleep_and_echo_inputs_3_paths");

  /** ExecutionError("always_fail: intentional failure"). */
  private static final byte[] ALWAYS_FAIL_ERROR = golden("result/always_fail");

  /** TaskNotFound("no_such_task"). */
  private static final byte[] UNKNOWN_TASK_ERROR = golden("result/unknown_task");

  private NativePackage testTasks;

  private static byte[] golden(String name) {
    return GoldenVectors.named(name).bytes();
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  @BeforeEach
  void loadTestTasks() throws NativeLoadException {
    testTasks = NativePackage.load(Natives.samplePackage("native_test_tasks"), "native_test_tasks");
  }

  @AfterEach
  void everyBufferReleasedExactlyOnce() {
    assertEquals(0, hook("native_test_tasks_outstanding_results"), "buffers not released");
    assertEquals(0, hook("native_test_tasks_bad_releases"), "buffers released wrongly");
    testTasks.close();
  }

  /** Calls one of native_test_tasks' int64_t test hooks (not part of the ABI). */
  private long hook(String symbol) {
    return testTasks.nativeLibrary().getFunction(symbol).invokeLong(new Object[0]);
  }

  private static TdlError assertTaskFailed(NativeOutcome outcome) {
    return assertInstanceOf(NativeOutcome.TaskFailed.class, outcome).error();
  }

  private static byte[] assertSuccess(NativeOutcome outcome) {
    return assertInstanceOf(NativeOutcome.Success.class, outcome).outputs();
  }

  @Test
  void loadReportsNameVersionAndReleasePath() {
    assertEquals("native_test_tasks", testTasks.name());
    assertEquals(new Version(0, 1, 0), testTasks.version());
    assertTrue(testTasks.exportsFreeResult());
    assertTrue(testTasks.library().isAbsolute());
  }

  @Test
  void fibonacciMatchesTheGoldenResult() {
    NativeOutcome outcome = testTasks.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10);
    assertArrayEquals(FIBONACCI_OUTPUTS_55, assertSuccess(outcome));
  }

  @Test
  void fibonacciAcceptsACommitContextWithTaskGraphOutputs() {
    NativeOutcome outcome =
        testTasks.execute("fibonacci", CTX_COMMIT_3_MINUS_3, FIBONACCI_INPUTS_10);
    assertArrayEquals(FIBONACCI_OUTPUTS_55, assertSuccess(outcome));
  }

  @Test
  void taskNameIsPassedAsUtf8BytesWithExplicitLength() {
    byte[] name = "fibonacci".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(
        FIBONACCI_OUTPUTS_55,
        assertSuccess(testTasks.execute(name, CTX_INDEX_0, FIBONACCI_INPUTS_10)));
    // A longer name sharing the prefix must not match: the length is passed, not a NUL.
    NativeOutcome longer = testTasks.execute("fibonacci2", CTX_INDEX_0, FIBONACCI_INPUTS_10);
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, assertTaskFailed(longer).kind());
  }

  @Test
  void alwaysFailIsAnExecutionErrorWithTheGoldenBytes() {
    TdlError error = assertTaskFailed(testTasks.execute("always_fail", CTX_INDEX_0, WIRE_EMPTY));
    assertEquals(TdlError.Kind.EXECUTION_ERROR, error.kind());
    assertTrue(error.getMessage().contains("always_fail"), error.getMessage());
    assertArrayEquals(ALWAYS_FAIL_ERROR, error.encode());
  }

  @Test
  void unknownTaskIsTaskNotFoundNamingIt() {
    TdlError error = assertTaskFailed(testTasks.execute("no_such_task", CTX_INDEX_0, WIRE_EMPTY));
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, error.kind());
    assertEquals("no_such_task", error.getMessage());
    assertArrayEquals(UNKNOWN_TASK_ERROR, error.encode());
  }

  @Test
  void sleepAndEchoReturnsTheThreePathsByteForByte() {
    NativeOutcome outcome =
        testTasks.execute("sleep_and_echo", CTX_INDEX_0, SLEEP_AND_ECHO_3_PATHS);
    assertArrayEquals(SLEEP_AND_ECHO_3_PATHS, assertSuccess(outcome));
  }

  @Test
  void inputCountMismatchIsADeserializationError() {
    TdlError error = assertTaskFailed(testTasks.execute("fibonacci", CTX_INDEX_0, WIRE_EMPTY));
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, error.kind());
    assertTrue(error.getMessage().contains("expected 1 inputs, got 0"), error.getMessage());
  }

  @Test
  void badContextAndBadInputsAreDeserializationErrors() {
    TdlError badContext =
        assertTaskFailed(testTasks.execute("fibonacci", hex("c0"), FIBONACCI_INPUTS_10));
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, badContext.kind());
    TdlError truncatedInputs =
        assertTaskFailed(testTasks.execute("fibonacci", CTX_INDEX_0, hex("0100000005000000")));
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, truncatedInputs.kind());
    TdlError notAU64 =
        assertTaskFailed(testTasks.execute("fibonacci", CTX_INDEX_0, hex("0100000001000000ff")));
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, notAU64.kind());
  }

  @Test
  void printToStdoutSucceedsAndReturnsPrinted() {
    NativeOutcome outcome = testTasks.execute("print_to_stdout", CTX_INDEX_0, WIRE_EMPTY);
    // one payload: fixstr "printed"
    assertArrayEquals(hex("0100000008000000a77072696e746564"), assertSuccess(outcome));
  }

  @Test
  void anErrorBufferThatIsNotATdlErrorIsUndecodable() {
    NativeOutcome outcome = testTasks.execute("undecodable_error", CTX_INDEX_0, WIRE_EMPTY);
    NativeOutcome.UndecodableError undecodable =
        assertInstanceOf(NativeOutcome.UndecodableError.class, outcome);
    // the MessagePack string "this is not a TdlError": fixstr marker b6, then the 22 bytes
    assertArrayEquals(
        ("\u00b6this is not a TdlError").getBytes(StandardCharsets.ISO_8859_1), undecodable.raw());
    assertFalse(undecodable.reason().isEmpty());
  }

  @Test
  void anEmptyErrorBufferIsUndecodable() {
    NativeOutcome outcome = testTasks.execute("empty_error", CTX_INDEX_0, WIRE_EMPTY);
    assertArrayEquals(
        new byte[0], assertInstanceOf(NativeOutcome.UndecodableError.class, outcome).raw());
  }

  @Test
  void aZeroLengthResultWithADanglingPointerIsNeverReleased() {
    // Releasing the dangling pointer would crash the JVM or count as a bad release.
    NativeOutcome outcome = testTasks.execute("empty_result_dangling", CTX_INDEX_0, WIRE_EMPTY);
    assertArrayEquals(new byte[0], assertSuccess(outcome));
  }

  /** Wire inputs of sleep_and_echo: one payload, a list of {@code count} strings of 1000 'a'. */
  private static byte[] echoInputs(int count) {
    int payloadLength = 3 + count * (3 + 1000);
    ByteBuffer wire = ByteBuffer.allocate(8 + payloadLength).order(ByteOrder.LITTLE_ENDIAN);
    wire.putInt(1).putInt(payloadLength);
    wire.order(ByteOrder.BIG_ENDIAN).put((byte) 0xdc).putShort((short) count); // array16
    byte[] text = "a".repeat(1000).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < count; i++) {
      wire.put((byte) 0xda).putShort((short) 1000).put(text); // str16
    }
    return wire.array();
  }

  @Test
  void argumentsLargerThanTheInitialArenaGrowIt() {
    byte[] inputs = echoInputs(100); // ~100 KB: more than the first arena, less than its maximum
    assertTrue(inputs.length > Arena.INITIAL_BYTES);
    assertTrue(inputs.length < Arena.MAX_BYTES);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          inputs, assertSuccess(testTasks.execute("sleep_and_echo", CTX_INDEX_0, inputs)));
    }
    // and small calls still work in the grown arena
    assertArrayEquals(
        FIBONACCI_OUTPUTS_55,
        assertSuccess(testTasks.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
  }

  @Test
  void argumentsLargerThanTheLargestArenaTakeTheArrayPath() {
    byte[] inputs = echoInputs(1500); // ~1.5 MB: more than the arena ever holds
    assertTrue(inputs.length > Arena.MAX_BYTES);
    assertArrayEquals(
        inputs, assertSuccess(testTasks.execute("sleep_and_echo", CTX_INDEX_0, inputs)));
  }

  @Test
  void aResultLargerThanTheArenaIsCopiedAndReleasedOutsideIt() {
    int n = 3 * Arena.INITIAL_BYTES;
    byte[] inputs = hex("0100000005000000ce00030000"); // one payload: u64 196608 (uint32 ce)
    byte[] outputs = assertSuccess(testTasks.execute("large_output", CTX_INDEX_0, inputs));
    // count 1, payload length 5 + n, str32 marker db + n, then n 'x'
    assertEquals(8 + 5 + n, outputs.length);
    assertArrayEquals(hex("0100000005000300db00030000"), Arrays.copyOf(outputs, 13));
    for (int i = 13; i < outputs.length; i++) {
      assertEquals('x', outputs[i]);
    }
  }

  @Test
  void tenThousandCallsReleaseEveryBufferExactlyOnce() {
    for (int i = 0; i < 10_000; i++) {
      switch (i % 3) {
        case 0 ->
            assertArrayEquals(
                FIBONACCI_OUTPUTS_55,
                assertSuccess(testTasks.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
        case 1 ->
            assertEquals(
                TdlError.Kind.EXECUTION_ERROR,
                assertTaskFailed(testTasks.execute("always_fail", CTX_INDEX_0, WIRE_EMPTY)).kind());
        default ->
            assertEquals(
                TdlError.Kind.TASK_NOT_FOUND,
                assertTaskFailed(testTasks.execute("nope", CTX_INDEX_0, WIRE_EMPTY)).kind());
      }
    }
    // @AfterEach checks that the package saw every buffer released, none twice.
  }

  @Test
  void concurrentCallersAreSerializedAndAllSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        callers.add(
            () -> {
              for (int i = 0; i < 500; i++) {
                assertArrayEquals(
                    FIBONACCI_OUTPUTS_55,
                    assertSuccess(
                        testTasks.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
              }
              return 500;
            });
      }
      int total = 0;
      for (Future<Integer> done : pool.invokeAll(callers, 60, TimeUnit.SECONDS)) {
        total += done.get();
      }
      assertEquals(2000, total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void initRunsOnLoadAndASecondLoadSharesTheLibrary() throws NativeLoadException {
    long before = hook("native_test_tasks_init_calls");
    try (NativePackage again =
        NativePackage.load(Natives.samplePackage("native_test_tasks"), "native_test_tasks")) {
      assertEquals(before + 1, hook("native_test_tasks_init_calls"));
      assertArrayEquals(
          FIBONACCI_OUTPUTS_55,
          assertSuccess(again.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
    }
    // the first instance is unaffected by closing the second
    assertArrayEquals(
        FIBONACCI_OUTPUTS_55,
        assertSuccess(testTasks.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
  }

  @Test
  void nameMismatchIsReportedBeforeInitRuns() {
    long before = hook("native_test_tasks_init_calls");
    NativeLoadException e =
        assertThrows(
            NativeLoadException.class,
            () -> NativePackage.load(Natives.samplePackage("native_test_tasks"), "other_dir"));
    assertEquals(NativeLoadException.Kind.PACKAGE_NAME_MISMATCH, e.kind());
    assertTrue(e.getMessage().contains("'native_test_tasks'"), e.getMessage());
    assertTrue(e.getMessage().contains("'other_dir'"), e.getMessage());
    assertEquals(before, hook("native_test_tasks_init_calls"), "init ran before the name check");
  }

  @Test
  void executeAfterCloseFailsAndCloseIsIdempotent() throws NativeLoadException {
    NativePackage extra =
        NativePackage.load(Natives.samplePackage("native_test_tasks"), "native_test_tasks");
    extra.close();
    extra.close();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> extra.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10));
    assertTrue(e.getMessage().contains("native_test_tasks"), e.getMessage());
  }

  @Test
  void aPackageWithoutFreeResultIsReleasedWithFree() throws NativeLoadException {
    try (NativePackage nofree =
        NativePackage.load(Natives.samplePackage("native_nofree_tasks"), "native_nofree_tasks")) {
      assertFalse(nofree.exportsFreeResult());
      for (int i = 0; i < 10_000; i++) {
        assertArrayEquals(
            FIBONACCI_OUTPUTS_55,
            assertSuccess(nofree.execute("fibonacci", CTX_INDEX_0, FIBONACCI_INPUTS_10)));
      }
      assertEquals(
          TdlError.Kind.TASK_NOT_FOUND,
          assertTaskFailed(nofree.execute("no_such_task", CTX_INDEX_0, WIRE_EMPTY)).kind());
      // free() on this dangling pointer would abort the JVM
      assertArrayEquals(
          new byte[0],
          assertSuccess(nofree.execute("empty_result_dangling", CTX_INDEX_0, WIRE_EMPTY)));
    }
  }
}
