package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.GoldenVectors;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spider's executor tests, ported: real executor process, real frames, the JAR sample package. */
class ExecutorTasksTest {

  private static final String PKG = SamplePackages.JAR_TASKS;

  private static ExecutorProcess executor;

  @BeforeAll
  static void startExecutor() throws Exception {
    executor = ExecutorProcess.start();
    executor.hello();
  }

  @AfterAll
  static void stopExecutor() {
    executor.close();
  }

  @Test
  void fibonacciOfTenIsFiftyFive() throws Exception {
    Response.Result result =
        executor.call(
            PKG, "fibonacci", GoldenVectors.indexContext(), GoldenVectors.fibonacciInputs());
    assertTrue(result.success(), () -> "fibonacci failed: " + result);
    assertArrayEquals(GoldenVectors.fibonacciOutputs(), result.payload());
  }

  @Test
  void alwaysFailIsATaskErrorWithExecutionError() throws Exception {
    Response.Result result = executor.call(PKG, "always_fail", Tdl.indexContext(), Tdl.noInputs());
    ExecutorError error = error(result);
    assertEquals(ErrorKind.TASK_ERROR, error.kind());
    TdlError tdl = error.tdlError().orElseThrow();
    assertEquals(TdlError.Kind.EXECUTION_ERROR, tdl.kind());
    assertTrue(tdl.getMessage().contains("always_fail"), tdl.getMessage());
  }

  @Test
  void commitTaskAcceptsOutputsSummingToZero() throws Exception {
    Response.Result result =
        executor.call(PKG, "assert_outputs_sum_zero", Tdl.commitContext(3, -3), Tdl.noInputs());
    assertTrue(result.success(), () -> "commit task failed: " + result);
    assertArrayEquals(WireFormat.empty(), result.payload(), "a void task has zero outputs");
  }

  @Test
  void commitTaskRejectsOutputsNotSummingToZero() throws Exception {
    assertCommitFailure(Tdl.commitContext(3), "sum to zero");
  }

  @Test
  void commitTaskRejectsEmptyOutputs() throws Exception {
    assertCommitFailure(Tdl.commitContext(), "empty");
  }

  @Test
  void commitTaskRejectsANonCommitContext() throws Exception {
    assertCommitFailure(Tdl.indexContext(), "commit task");
  }

  private static void assertCommitFailure(byte[] ctx, String expected) throws Exception {
    Response.Result result = executor.call(PKG, "assert_outputs_sum_zero", ctx, Tdl.noInputs());
    TdlError tdl = error(result).tdlError().orElseThrow();
    assertEquals(TdlError.Kind.EXECUTION_ERROR, tdl.kind());
    assertTrue(
        tdl.getMessage().contains(expected), () -> "'" + tdl.getMessage() + "' lacks " + expected);
  }

  @Test
  void initHookRanBeforeTheFirstTask() throws Exception {
    Response.Result result =
        executor.call(PKG, "assert_initialized", Tdl.indexContext(), Tdl.noInputs());
    assertTrue(result.success(), () -> "init did not run: " + result);
  }

  @Test
  void sleepAndEchoReturnsItsInput() throws Exception {
    List<String> paths = List.of("/tmp/spider/input/a.txt", "/tmp/spider/input/b.txt");
    byte[] payload = TdlCodec.ofType(ListType.STRINGS).encode(paths);
    Response.Result result =
        executor.call(PKG, "sleep_and_echo", Tdl.indexContext(), Tdl.inputs(payload));
    assertTrue(result.success(), () -> "sleep_and_echo failed: " + result);
    assertArrayEquals(Tdl.inputs(payload), result.payload());
    assertTrue(
        result.elapsedMicros() >= 50,
        "elapsed_us covers the 50 µs sleep: " + result.elapsedMicros());
  }

  @Test
  void unknownTaskIsTaskNotFound() throws Exception {
    Response.Result result = executor.call(PKG, "no_such_task", Tdl.indexContext(), Tdl.noInputs());
    ExecutorError error = error(result);
    assertEquals(ErrorKind.TASK_ERROR, error.kind());
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, error.tdlError().orElseThrow().kind());
  }

  @Test
  void inputCountMismatchIsADeserializationError() throws Exception {
    Response.Result result = executor.call(PKG, "fibonacci", Tdl.indexContext(), Tdl.noInputs());
    TdlError tdl = error(result).tdlError().orElseThrow();
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, tdl.kind());
    assertTrue(tdl.getMessage().contains("expected 1"), tdl.getMessage());
  }

  @Test
  void uncaughtExceptionNamesItsClassAndTheExecutorCarriesOn() throws Exception {
    Response.Result result =
        executor.call(PKG, "throw_runtime_exception", Tdl.indexContext(), Tdl.noInputs());
    ExecutorError error = error(result);
    assertEquals(ErrorKind.UNCAUGHT_EXCEPTION, error.kind());
    assertTrue(error.message().contains("IllegalStateException"), error.message());
    assertTrue(
        executor.awaitStderr("IntegrationTestTasks.throwRuntimeException("),
        "stack trace on stderr");
    fibonacciOfTenIsFiftyFive();
  }

  @Test
  void stackOverflowIsAnUncaughtExceptionAndTheExecutorCarriesOn() throws Exception {
    Response.Result result =
        executor.call(PKG, "overflow_stack", Tdl.indexContext(), Tdl.noInputs());
    ExecutorError error = error(result);
    assertEquals(ErrorKind.UNCAUGHT_EXCEPTION, error.kind());
    assertTrue(error.message().contains("StackOverflowError"), error.message());
    fibonacciOfTenIsFiftyFive();
  }

  @Test
  void printsToStdoutLandOnStderrAndTheProtocolStaysIntact() throws Exception {
    Response.Result result =
        executor.call(PKG, "print_to_stdout", Tdl.indexContext(), Tdl.noInputs());
    assertTrue(result.success(), () -> "print_to_stdout failed: " + result);
    assertEquals("printed", Tdl.singleOutput(result.payload(), String.class));
    assertTrue(
        executor.awaitStderr("print_to_stdout: hello from System.out"), executor.stderrText());
    fibonacciOfTenIsFiftyFive();
  }

  @Test
  void systemLoggerRecordsReachTheLogTaggedWithTheTask() throws Exception {
    String task = "log_through_system_logger";
    String message = "a message through System.Logger";
    long seq =
        executor.execute(
            PKG, task, Tdl.indexContext(), Tdl.inputs(Tdl.encode(String.class, message)));
    Response.Result result = executor.result(seq);
    assertTrue(result.success(), () -> "log task failed: " + result);
    String line =
        executor
            .awaitStderrLine(message)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no log line '"
                            + message
                            + "' within "
                            + ExecutorProcess.WAIT
                            + " in\n"
                            + executor.stderrText()));
    assertTrue(line.contains(ExecutorLogText.scope(seq, PKG, task)), line);
  }

  @Test
  void describeListsTheTasks() throws Exception {
    Response.Result result = executor.describe(PKG);
    assertTrue(result.success(), () -> "describe failed: " + result);
    PackageDescription description = ProtocolCodec.decodeDescription(result.payload());
    assertEquals(PKG, description.name());
    assertEquals(PackageDescription.Kind.JAR, description.kind());
    assertEquals(Version.CURRENT, description.tdlVersion());
    assertTrue(
        description.tasks().containsAll(List.of("fibonacci", "always_fail", "sleep_and_echo")),
        description.tasks().toString());
  }

  @Test
  void initFailureIsAPackageInitErrorEveryTime() throws Exception {
    try (ExecutorProcess failing =
        ExecutorProcess.start(
            ExecutorSetup.samplePackages().with(SamplePackages.INIT_SHOULD_FAIL_ENV, "1"))) {
      failing.hello();
      for (int attempt = 0; attempt < 2; attempt++) {
        ExecutorError error =
            error(failing.call(PKG, "assert_initialized", Tdl.indexContext(), Tdl.noInputs()));
        assertEquals(ErrorKind.PACKAGE_INIT_ERROR, error.kind());
        TdlError tdl = error.tdlError().orElseThrow();
        assertEquals(PKG + ": init failure requested", tdl.getMessage());
      }
    }
  }
}
