package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code spider} launcher script the build puts next to {@code spider.jar} (docs/cli.md,
 * "Installing the spider command"): run through a symbolic link on PATH, it finds its jar beside
 * the real file and runs it with {@code $JAVA}, else {@code $JAVA_HOME/bin/java}.
 */
class LauncherScriptTest {

  @TempDir Path work;

  private Path bin;

  /** The build's layout: the script and spider.jar side by side; a link to the script in bin/. */
  @BeforeEach
  void install() throws Exception {
    Path installed = Files.createDirectories(work.resolve("opt/spider"));
    Path script = installed.resolve("spider");
    Files.copy(TestEnvironment.cliJar().resolveSibling("spider"), script);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(installed.resolve("spider.jar"), TestEnvironment.cliJar());
    bin = Files.createDirectories(work.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("spider"), Path.of("../opt/spider/spider"));
  }

  /** A {@code java} that records that it ran, then runs the real one. */
  private Path recordingJava(String name, Path marker) throws Exception {
    Path java = Files.createDirectories(work.resolve(name + "/bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\necho ran > '"
            + marker
            + "'\nexec '"
            + TestEnvironment.javaBinary()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private Cli spider(Map<String, String> environment) throws Exception {
    return SpiderCommand.run(
        work,
        environment,
        List.of(
            bin.resolve("spider").toString(),
            "exec",
            "--packages",
            TestEnvironment.packagesDir().toString(),
            "integration_test_tasks",
            "fibonacci",
            "10"));
  }

  @Test
  void theLinkedScriptRunsItsJarWithJavaHome() throws Exception {
    Path marker = work.resolve("java-home-ran");
    Path java = recordingJava("jdk", marker);
    Cli run = spider(Map.of("JAVA_HOME", java.getParent().getParent().toString(), "JAVA", ""));
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    assertEquals("[55]", run.out().strip(), run::toString);
    assertTrue(Files.exists(marker), "the java of JAVA_HOME ran");
  }

  @Test
  void javaWinsOverJavaHome() throws Exception {
    Path marker = work.resolve("java-ran");
    Path java = recordingJava("other", marker);
    Cli run =
        spider(Map.of("JAVA", java.toString(), "JAVA_HOME", work.resolve("nowhere").toString()));
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    assertTrue(Files.exists(marker), "the java of JAVA ran");
  }

  @Test
  void aScriptWithoutItsJarSaysSo() throws Exception {
    Path lonely = Files.createDirectories(work.resolve("lonely")).resolve("spider");
    Files.copy(TestEnvironment.cliJar().resolveSibling("spider"), lonely);
    Files.setPosixFilePermissions(lonely, PosixFilePermissions.fromString("rwxr-xr-x"));
    Cli run = SpiderCommand.run(work, Map.of(), List.of(lonely.toString(), "demo"));
    assertEquals(Cli.USAGE, run.status(), run::toString);
    assertTrue(run.err().contains("spider.jar is missing"), run::toString);
  }
}
