package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.Response;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The launcher script the build writes next to the executor jar runs the canonical command line,
 * and the jar's manifest agrees with it.
 */
class LauncherTest {

  @Test
  void theLauncherRunsTheExecutorUnderTheCanonicalCommandLine() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.startWithLauncher()) {
      executor.hello(); // the launcher execs java: the Hello names the launcher's own pid
      Response.Result result =
          executor.call(
              SamplePackages.JAR_TASKS,
              "fibonacci",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 10L)));
      assertEquals(55L, Tdl.singleOutput(result.payload(), Long.class));

      List<String> arguments = List.of(executor.process().info().arguments().orElseThrow());
      // The launcher is run without a heap setting, so it must use the contract's default.
      List<String> canonical =
          CanonicalCommandLine.of(
              TestEnvironment.javaBinary(),
              CanonicalCommandLine.DEFAULT_HEAP,
              executor.crashDir(),
              List.of(),
              Path.of(arguments.get(arguments.size() - 2)));
      // The same flags as the manager's canonical command line, in the same order.
      assertEquals(canonical.subList(1, canonical.size()), arguments, "launcher arguments");
      assertTrue(arguments.get(arguments.size() - 2).endsWith("spider-executor.jar"));
    }
  }

  /**
   * The command line runs {@code -cp <jar> <main class>} where a user may run {@code -jar <jar>}:
   * the two start the same program only while the manifest names that main class and nothing else
   * that {@code -jar} acts on.
   */
  @Test
  void theJarRunsTheSameProgramWithMinusJarAsTheCommandLine() throws Exception {
    try (JarFile jar = new JarFile(TestEnvironment.executorJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals(CanonicalCommandLine.MAIN_CLASS, main.getValue(Attributes.Name.MAIN_CLASS));
      for (String onlyForMinusJar :
          List.of(
              "Class-Path",
              "Launcher-Agent-Class",
              "Add-Opens",
              "Add-Exports",
              "Enable-Native-Access",
              "SplashScreen-Image")) {
        assertNull(main.getValue(onlyForMinusJar), onlyForMinusJar + " in the executor's manifest");
      }
    }
  }
}
