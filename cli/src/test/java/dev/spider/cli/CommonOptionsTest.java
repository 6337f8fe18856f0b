package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.PoolConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The options every executor-running command shares: {@code --env}, {@code --executor-jvm-option}
 * reaching the pool, and the package directory from {@code --packages} or {@code
 * SPIDER_TDL_PACKAGE_DIR}.
 */
final class CommonOptionsTest {

  /** A name no test machine sets. */
  private static final String UNSET = "SPIDER_TEST_NEVER_SET_4711";

  @TempDir Path dir;

  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private record Parsed(CommonOptions options, StringWriter err) {}

  private Parsed parse(String... args) {
    Probe probe = new Probe();
    CommandLine line = new CommandLine(probe);
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));
    line.parseArgs(args);
    return new Parsed(probe.common, err);
  }

  @Test
  void environmentAndJvmOptionsReachThePool() throws Exception {
    Path jar = Files.createFile(dir.resolve("executor.jar"));
    Parsed parsed =
        parse(
            "--executor-jar",
            jar.toString(),
            "--heap",
            "300m",
            "--env",
            "PATH",
            "--env",
            "GREETING=hello world",
            "--env",
            UNSET,
            "--executor-jvm-option",
            "-Dspider.test=1",
            "--executor-jvm-option=-XX:+UseSerialGC");
    PoolConfig pool = parsed.options().pool(dir).build();

    assertEquals(jar, pool.executorJar());
    assertEquals("300m", pool.heap());
    assertEquals(List.of("PATH", UNSET), pool.inheritedEnvironment());
    assertEquals(Map.of("GREETING", "hello world"), pool.environment());
    assertEquals(List.of("-Dspider.test=1", "-XX:+UseSerialGC"), pool.extraJvmOptions());
    assertEquals(
        "spider: warning: --env "
            + UNSET
            + " names a variable that is not set here; executors will not get it"
            + System.lineSeparator(),
        parsed.err().toString());
  }

  @Test
  void withoutOptionsExecutorsGetNothingExtra() throws Exception {
    Path jar = Files.createFile(dir.resolve("executor.jar"));
    PoolConfig pool = parse("--executor-jar", jar.toString()).options().pool(dir).build();
    assertEquals(List.of(), pool.inheritedEnvironment());
    assertEquals(Map.of(), pool.environment());
    assertEquals(List.of(), pool.extraJvmOptions());
  }

  @Test
  void badEntriesAreUsageErrors() throws IOException {
    Path jar = Files.createFile(dir.resolve("executor.jar"));
    UsageException env =
        assertThrows(
            UsageException.class,
            () -> parse("--executor-jar", jar.toString(), "--env", "A-B").options().pool(dir));
    assertTrue(env.getMessage().startsWith("--env 'A-B' is not NAME"), env.getMessage());
    UsageException jvm =
        assertThrows(
            UsageException.class,
            () ->
                parse("--executor-jar", jar.toString(), "--executor-jvm-option", "-Xlog:all")
                    .options()
                    .pool(dir));
    assertTrue(
        jvm.getMessage().contains("would undo the executors' fixed flags"), jvm.getMessage());
  }

  @Test
  void thePackageDirectoryComesFromTheFlagElseFromSpidersVariable() throws Exception {
    Path fromFlag = Files.createDirectory(dir.resolve("flag"));
    Path fromEnv = Files.createDirectory(dir.resolve("env"));
    Map<String, String> env = Map.of("SPIDER_TDL_PACKAGE_DIR", fromEnv.toString());

    assertEquals(fromFlag, CommonOptions.packageDir(fromFlag, env::get));
    assertEquals(fromEnv, CommonOptions.packageDir(null, env::get));
    UsageException none =
        assertThrows(UsageException.class, () -> CommonOptions.packageDir(null, name -> null));
    assertEquals(
        "no package directory: pass --packages DIR or set SPIDER_TDL_PACKAGE_DIR",
        none.getMessage());
    UsageException missing =
        assertThrows(
            UsageException.class,
            () ->
                CommonOptions.packageDir(
                    null, Map.of("SPIDER_TDL_PACKAGE_DIR", dir.resolve("nope").toString())::get));
    assertTrue(
        missing.getMessage().contains("(from SPIDER_TDL_PACKAGE_DIR) does not exist"),
        missing.getMessage());
  }
}
