package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.Response;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each JAR package sees its own libraries and never the executor's. */
class IsolationTest {

  private static ExecutorProcess executor;

  @BeforeAll
  static void start() throws Exception {
    executor = ExecutorProcess.start();
    executor.hello();
  }

  @AfterAll
  static void stop() {
    executor.close();
  }

  @Test
  void twoPackagesBundlingConflictingVersionsEachSeeTheirOwn() throws Exception {
    String older = libraryVersion(SamplePackages.OLDER_LIBRARY_BUNDLE);
    String newer = libraryVersion(SamplePackages.NEWER_LIBRARY_BUNDLE);
    assertNotEquals(older, newer);
    assertEquals(SamplePackages.OLDER_LIBRARY, older);
    assertEquals(SamplePackages.NEWER_LIBRARY, newer); // neither is the executor's own
  }

  private static String libraryVersion(String pkg) throws Exception {
    Response.Result result =
        executor.call(pkg, "library_version", Tdl.indexContext(), Tdl.noInputs());
    assertTrue(result.success(), () -> pkg + " failed: " + result);
    return Tdl.singleOutput(result.payload(), String.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "org.msgpack.core.MessagePack",
        "com.sun.jna.Native",
        "org.slf4j.LoggerFactory",
        "dev.spider.executor.runtime.Executor",
        "io.airlift.compress.zstd.ZstdInputStream"
      })
  void executorClassesAreInvisibleToPackages(String className) throws Exception {
    Response.Result result =
        executor.call(
            SamplePackages.ISOLATION_PROBE,
            "load_executor_class",
            Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(String.class, className)));
    assertTrue(result.success(), () -> "probe failed: " + result);
    assertFalse(
        Tdl.singleOutput(result.payload(), Boolean.class), className + " leaked into a package");
  }

  @Test
  void theTdlApiAndTheJdkAreVisible() throws Exception {
    for (String className : new String[] {"dev.spider.tdl.TaskContext", "java.sql.Connection"}) {
      Response.Result result =
          executor.call(
              SamplePackages.ISOLATION_PROBE,
              "load_executor_class",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(String.class, className)));
      assertEquals(true, Tdl.singleOutput(result.payload(), Boolean.class), className);
    }
  }

  @Test
  void theContextClassLoaderIsThePackageLoaderWhileATaskRuns() throws Exception {
    Response.Result result =
        executor.call(
            SamplePackages.ISOLATION_PROBE,
            "context_class_loader_is_package_loader",
            Tdl.indexContext(),
            Tdl.noInputs());
    assertEquals(true, Tdl.singleOutput(result.payload(), Boolean.class));
  }
}
