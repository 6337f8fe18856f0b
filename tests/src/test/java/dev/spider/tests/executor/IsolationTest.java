package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.Response;
import dev.spider.tests.Tdl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each JAR package sees its own libraries and never the executor's. */
class IsolationTest {

  private static ExecutorProcess executor;

  @BeforeAll
  static void start() throws Exception {
    executor = ExecutorProcess.start();
    executor.hello();
  }

  @AfterAll
  static void stop() throws Exception {
    executor.close();
  }

  @Test
  void twoPackagesBundlingConflictingVersionsEachSeeTheirOwn() throws Exception {
    String v1 = libraryVersion("isolation_v1");
    String v2 = libraryVersion("isolation_v2");
    assertNotEquals(v1, v2);
    assertEquals("msgpack-core-0.8.24.jar", v1);
    assertEquals("msgpack-core-0.9.8.jar", v2); // the executor itself runs msgpack-core 0.9.10
  }

  private static String libraryVersion(String pkg) throws Exception {
    Response.Result result = executor.call(pkg, "library_version", Tdl.indexContext(), Tdl.noInputs());
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
        executor.call("isolation_probe", "load_executor_class", Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(String.class, className)));
    assertTrue(result.success(), () -> "probe failed: " + result);
    assertFalse(Tdl.singleOutput(result.payload(), Boolean.class), className + " leaked into a package");
  }

  @Test
  void theTdlApiAndTheJdkAreVisible() throws Exception {
    for (String className : new String[] {"dev.spider.tdl.TaskContext", "java.sql.Connection"}) {
      Response.Result result =
          executor.call("isolation_probe", "load_executor_class", Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(String.class, className)));
      assertEquals(true, Tdl.singleOutput(result.payload(), Boolean.class), className);
    }
  }

  @Test
  void theContextClassLoaderIsThePackageLoaderWhileATaskRuns() throws Exception {
    Response.Result result =
        executor.call("isolation_probe", "context_class_loader_is_package_loader", Tdl.indexContext(),
            Tdl.noInputs());
    assertEquals(true, Tdl.singleOutput(result.payload(), Boolean.class));
  }
}
