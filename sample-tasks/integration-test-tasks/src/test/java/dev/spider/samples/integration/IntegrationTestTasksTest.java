package dev.spider.samples.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.binding.BoundTask;
import dev.spider.tdl.binding.PackageBinding;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Runs the well-behaved tasks of {@code integration_test_tasks} through tdl-api's binding and wire
 * format, as the executor does, so a signature the binding cannot map or a wrong message fails here
 * rather than in an end-to-end test. The misbehaving tasks are exercised by the tests module
 * against a real executor; only the harmless ones are run here.
 */
final class IntegrationTestTasksTest {

  private static final Type LIST_OF_STRING = typeToken("listOfString");
  private static final Type LIST_OF_LONG = typeToken("listOfLong");

  private final IntegrationTestTasks tasks = new IntegrationTestTasks();

  @Test
  void bindsEveryTaskUnderItsTdlName() throws Exception {
    PackageBinding binding = PackageBinding.bind(tasks);
    assertEquals(
        List.of(
            "add",
            "always_fail",
            "assert_initialized",
            "assert_outputs_sum_zero",
            "context_ids",
            "crash_once",
            "echo_bytes",
            "exhaust_heap",
            "exit_three",
            "exit_zero",
            "fibonacci",
            "halt_134",
            "hang_once",
            "leave_non_daemon_thread",
            "log_through_system_logger",
            "min_max",
            "overflow_stack",
            "print_to_stdout",
            "sleep_and_echo",
            "sleep_forever_ignoring_interrupts",
            "sleep_honouring_interrupts",
            "spin_forever",
            "start_child_process",
            "start_child_process_and_spin",
            "throw_runtime_exception"),
        binding.taskNames());
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    List<String> names =
        ServiceLoader.load(dev.spider.tdl.TaskPackage.class).stream()
            .map(p -> p.get().name())
            .toList();
    assertEquals(List.of("integration_test_tasks"), names);
  }

  @Test
  void fibonacciOfTenIsFiftyFive() throws Throwable {
    List<byte[]> out = run("fibonacci", graphContext(), encode(long.class, 10L));
    assertEquals(55L, decode(long.class, out.get(0)));
  }

  @Test
  void alwaysFailFailsWithTheReferenceMessage() {
    TdlError e = assertThrows(TdlError.class, () -> run("always_fail", graphContext()));
    assertEquals(TdlError.Kind.EXECUTION_ERROR, e.kind());
    assertEquals("always_fail: intentional failure", e.getMessage());
  }

  @Test
  void sleepAndEchoReturnsItsInput() throws Throwable {
    TdlCodec<Object> codec = TdlCodec.ofType(LIST_OF_STRING);
    List<byte[]> out = run("sleep_and_echo", graphContext(), codec.encode(List.of("a", "b")));
    assertEquals(List.of("a", "b"), codec.decode(out.get(0)));
  }

  @Test
  void commitCheckPassesForOutputsSummingToZero() throws Throwable {
    List<byte[]> out = run("assert_outputs_sum_zero", commitContext(5L, -2L, -3L));
    assertEquals(List.of(), out);
  }

  @Test
  void commitCheckRefusesAGraphTask() {
    TdlError e = assertThrows(TdlError.class, () -> run("assert_outputs_sum_zero", graphContext()));
    assertEquals(TdlError.Kind.EXECUTION_ERROR, e.kind());
    assertTrue(e.getMessage().contains("commit task"), e.getMessage());
  }

  @Test
  void commitCheckRefusesEmptyOutputs() {
    TdlError e =
        assertThrows(TdlError.class, () -> run("assert_outputs_sum_zero", commitContext()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void commitCheckRefusesOutputsNotSummingToZero() {
    TdlError e =
        assertThrows(TdlError.class, () -> run("assert_outputs_sum_zero", commitContext(1L, 2L)));
    assertTrue(e.getMessage().contains("sum to zero"), e.getMessage());
  }

  @Test
  void commitCheckSumsExactlyPastTheInt64Range() throws Throwable {
    run("assert_outputs_sum_zero", commitContext(Long.MAX_VALUE, 1L, -1L, -Long.MAX_VALUE));
  }

  @Test
  void assertInitializedFailsBeforeInitAndPassesAfter() throws Throwable {
    TdlError e = assertThrows(TdlError.class, () -> run("assert_initialized", graphContext()));
    assertEquals(TdlError.Kind.EXECUTION_ERROR, e.kind());
    tasks.init(); // the test JVM does not set SPIDER_TEST_TDL_INIT_SHOULD_FAIL
    run("assert_initialized", graphContext());
  }

  @Test
  void minMaxHasTwoOutputs() throws Throwable {
    TdlCodec<Object> codec = TdlCodec.ofType(LIST_OF_LONG);
    List<byte[]> out = run("min_max", graphContext(), codec.encode(List.of(3L, -7L, 12L)));
    assertEquals(2, out.size());
    assertEquals(-7L, decode(long.class, out.get(0)));
    assertEquals(12L, decode(long.class, out.get(1)));
  }

  @Test
  void addOverflowIsAnExecutionError() {
    TdlError e =
        assertThrows(
            TdlError.class,
            () ->
                run(
                    "add",
                    graphContext(),
                    encode(long.class, Long.MAX_VALUE),
                    encode(long.class, 1L)));
    assertEquals(TdlError.Kind.EXECUTION_ERROR, e.kind());
  }

  @Test
  void echoBytesReturnsItsBytes() throws Throwable {
    byte[] bytes = {0, 1, (byte) 0xff};
    List<byte[]> out = run("echo_bytes", graphContext(), encode(byte[].class, bytes));
    assertArrayEquals(bytes, decode(byte[].class, out.get(0)));
  }

  @Test
  void contextIdsAreUnsignedDecimals() throws Throwable {
    TaskContext context = TaskContext.of(-1L, TaskId.index(-2L), 7L, 0L);
    List<byte[]> out = run("context_ids", context);
    assertEquals(
        List.of("18446744073709551615", "Index(18446744073709551614)", "7", "0"),
        TdlCodec.ofType(LIST_OF_STRING).decode(out.get(0)));
  }

  @Test
  void logThroughSystemLoggerReturnsTheMessage() throws Throwable {
    List<byte[]> out =
        run("log_through_system_logger", graphContext(), encode(String.class, "hello log"));
    assertEquals("hello log", decode(String.class, out.get(0)));
  }

  @Test
  void sleepHonouringInterruptsEndsWithInterruptedException() {
    Thread.currentThread().interrupt(); // a pending interrupt makes the sleep throw at once
    assertThrows(
        InterruptedException.class,
        () -> run("sleep_honouring_interrupts", graphContext(), encode(long.class, 60_000L)));
    assertFalse(Thread.interrupted(), "the sleep consumed the interrupt");
  }

  @Test
  void startChildProcessReturnsTheLiveChildsPid() throws Throwable {
    long pid = decode(long.class, run("start_child_process", graphContext()).get(0));
    Optional<ProcessHandle> child = ProcessHandle.of(pid);
    try {
      assertTrue(child.map(ProcessHandle::isAlive).orElse(false), "child " + pid + " is alive");
    } finally {
      child.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private List<byte[]> run(String task, TaskContext context, byte[]... inputs) throws Throwable {
    BoundTask bound = PackageBinding.bind(tasks).task(task).orElseThrow();
    return WireFormat.decode(bound.execute(context, WireFormat.encode(List.of(inputs))));
  }

  private static TaskContext graphContext() throws TdlError {
    return TaskContext.of(1L, TaskId.index(0L), 2L, 3L);
  }

  private static TaskContext commitContext(long... outputs) throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    for (long output : outputs) {
      payloads.add(encode(long.class, output));
    }
    return TaskContext.forCommit(1L, 2L, 3L, SerializedTaskOutputs.encode(payloads));
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encode(Class<T> type, Object value) throws Exception {
    return TdlCodec.of(type).encode((T) value);
  }

  private static <T> T decode(Class<T> type, byte[] payload) throws Exception {
    return TdlCodec.of(type).decode(payload);
  }

  /** The declared generic return type of one of the type-token methods below. */
  private static Type typeToken(String method) {
    try {
      return IntegrationTestTasksTest.class.getDeclaredMethod(method).getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unused") // read reflectively by typeToken
  private static List<String> listOfString() {
    return List.of();
  }

  @SuppressWarnings("unused") // read reflectively by typeToken
  private static List<Long> listOfLong() {
    return List.of();
  }
}
