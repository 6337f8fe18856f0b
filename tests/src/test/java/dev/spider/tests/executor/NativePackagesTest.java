package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.GoldenVectors;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The native rows of the crash and timeout matrix, at the executor level. */
class NativePackagesTest {

  private static final String PKG = SamplePackages.NATIVE_TASKS;

  @Test
  void fibonacciThroughTheCAbi() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      Response.Result result =
          executor.call(PKG, "fibonacci", Tdl.indexContext(), GoldenVectors.fibonacciInputs());
      assertTrue(result.success(), () -> "fibonacci failed: " + result);
      assertArrayEquals(GoldenVectors.fibonacciOutputs(), result.payload());
      // The free() release path (a package without __spider_tdl_package_free_result).
      Response.Result nofree =
          executor.call(
              SamplePackages.NATIVE_TASKS_WITHOUT_FREE,
              "fibonacci",
              Tdl.indexContext(),
              GoldenVectors.fibonacciInputs());
      assertArrayEquals(GoldenVectors.fibonacciOutputs(), nofree.payload());
    }
  }

  @Test
  void tdlErrorIsATaskError() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      ExecutorError error =
          error(executor.call(PKG, "always_fail", Tdl.indexContext(), Tdl.noInputs()));
      assertEquals(ErrorKind.TASK_ERROR, error.kind());
      TdlError tdl = error.tdlError().orElseThrow();
      assertEquals(TdlError.Kind.EXECUTION_ERROR, tdl.kind());
      assertTrue(tdl.getMessage().contains("always_fail"), tdl.getMessage());
      ExecutorError unknown =
          error(executor.call(PKG, "no_such_task", Tdl.indexContext(), Tdl.noInputs()));
      assertEquals(TdlError.Kind.TASK_NOT_FOUND, unknown.tdlError().orElseThrow().kind());
    }
  }

  @Test
  void sleepAndEchoMatchesTheJarPackage() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      byte[] inputs =
          Tdl.inputs(
              TdlCodec.ofType(ListType.STRINGS)
                  .encode(List.of("/tmp/spider/input/a.txt", "/tmp/spider/input/b.txt")));
      Response.Result fromC = executor.call(PKG, "sleep_and_echo", Tdl.indexContext(), inputs);
      Response.Result fromJava =
          executor.call(SamplePackages.JAR_TASKS, "sleep_and_echo", Tdl.indexContext(), inputs);
      assertArrayEquals(fromJava.payload(), fromC.payload());
      assertArrayEquals(inputs, fromC.payload());
    }
  }

  @Test
  void writesToDescriptorOneLandInTheLog() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      Response.Result result =
          executor.call(PKG, "print_to_stdout", Tdl.indexContext(), Tdl.noInputs());
      assertTrue(result.success(), () -> "print_to_stdout failed: " + result);
      assertEquals("printed", Tdl.singleOutput(result.payload(), String.class));
      assertTrue(executor.awaitStderr("print_to_stdout via printf"), executor::stderrText);
      assertTrue(executor.awaitStderr("print_to_stdout via write(1)"), executor::stderrText);
      // The protocol is intact afterwards.
      Response.Result next =
          executor.call(PKG, "fibonacci", Tdl.indexContext(), GoldenVectors.fibonacciInputs());
      assertTrue(next.success());
    }
  }

  @Test
  void describeNamesAKindAndVersionButNoTasks() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      PackageDescription d = ProtocolCodec.decodeDescription(executor.describe(PKG).payload());
      assertEquals(
          new PackageDescription(PKG, PackageDescription.Kind.NATIVE, Version.CURRENT, List.of()),
          d);
    }
  }

  @Test
  void initFailureIsAPackageInitErrorWithTheTdlError() throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(
            ExecutorSetup.samplePackages().with(SamplePackages.INIT_SHOULD_FAIL_ENV, "1"))) {
      executor.hello();
      ExecutorError error =
          error(executor.call(PKG, "fibonacci", Tdl.indexContext(), Tdl.noInputs()));
      assertEquals(ErrorKind.PACKAGE_INIT_ERROR, error.kind());
      assertEquals(PKG + ": init failure requested", error.tdlError().orElseThrow().getMessage());
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "native_wrong_version, INCOMPATIBLE_VERSION",
    "native_missing_execute, INVALID_LIBRARY",
    "native_missing_version, INVALID_LIBRARY",
    "native_not_a_library, INVALID_LIBRARY",
    "native_wrong_arch, INVALID_LIBRARY",
    "native_bad_utf8, INVALID_UTF8",
    "native_name_mismatch, PACKAGE_NAME_MISMATCH",
  })
  void brokenLibrariesFailWithTheirKind(String pkg, ErrorKind expected) throws Exception {
    try (ExecutorProcess executor =
        ExecutorProcess.start(ExecutorSetup.over(TestEnvironment.brokenPackagesDir()))) {
      executor.hello();
      ExecutorError error =
          error(executor.call(pkg, "fibonacci", Tdl.indexContext(), Tdl.noInputs()));
      assertEquals(expected, error.kind(), error::toString);
      assertTrue(error.message().contains(pkg), error.message());
    }
  }

  @Test
  void ambiguousWhenBothAJarAndALibraryExist(@TempDir Path dir) throws Exception {
    Path pkg = Files.createDirectories(dir.resolve(PKG));
    Files.copy(
        TestEnvironment.packagesDir().resolve(PKG).resolve("lib" + PKG + ".so"),
        pkg.resolve("lib" + PKG + ".so"));
    String jar = SamplePackages.JAR_TASKS;
    Files.copy(
        TestEnvironment.packagesDir().resolve(jar).resolve(jar + ".jar"),
        pkg.resolve(PKG + ".jar"));
    try (ExecutorProcess executor = ExecutorProcess.start(ExecutorSetup.over(dir))) {
      executor.hello();
      assertEquals(
          ErrorKind.AMBIGUOUS_PACKAGE,
          error(executor.call(PKG, "fibonacci", Tdl.indexContext(), Tdl.noInputs())).kind());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"abort_process", "segfault"})
  void crashingTaskEndsTheExecutorWithoutAResult(String task, @TempDir Path cwd) throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start(ExecutorSetup.samplePackages().in(cwd))) {
      executor.hello();
      executor.execute(PKG, task, Tdl.indexContext(), Tdl.noInputs());
      assertTrue(executor.stdoutEnds(), "stdout must end without a Result");
      assertNotEquals(ExitStatus.ORDERLY.code(), executor.exitStatus());
      try (Stream<Path> inCwd = Files.list(cwd)) {
        assertFalse(
            inCwd.anyMatch(p -> p.getFileName().toString().startsWith("hs_err")),
            "crash log written to the working directory");
      }
      if (task.equals("segfault")) {
        File[] logs = executor.crashDir().toFile().listFiles((d, n) -> n.startsWith("hs_err_pid"));
        assertTrue(logs != null && logs.length == 1, "HotSpot crash log in the crash directory");
      }
    }
  }

  @Test
  void nativeSpinIsNotInterruptibleButShutdownByEofStillEndsIt() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      String task = "spin_forever";
      long seq = executor.execute(PKG, task, Tdl.indexContext(), Tdl.noInputs());
      assertTrue(executor.awaitStderr(ExecutorLogText.taskStart(seq, PKG, task)), "task started");
      executor.send(new Request.Interrupt(seq));
      executor.closeStdin();
      executor.exitStatus(); // bounded wait: the executor halts on EOF even mid-task
      assertFalse(executor.process().isAlive());
    }
  }
}
