package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.PoolConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code worker.yaml} passes to executors' environment: {@code task_executor.inherited_env}
 * and {@code jvm.env}, and the warning for a name this worker does not have (docs/cli.md).
 */
final class WorkerEnvironmentTest {

  /** A name no test machine sets. */
  private static final String UNSET = "SPIDER_TEST_NEVER_SET_4711";

  @TempDir Path dir;

  @Test
  void namesAndValuesReachThePoolAndAValueWinsOverAName() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE.replace("inherited_env: []", "inherited_env: [PATH, GREETING]")
            + "jvm:\n  env: [HOME, GREETING=hello, 'EMPTY=', 'EQUALS=a=b']\n";
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);
    PoolConfig pool = read.config().pool(dir.resolve("e.jar"), ExecutorLogSink.LOG, false);

    assertEquals(List.of("PATH", "HOME"), pool.inheritedEnvironment());
    assertEquals(Map.of("GREETING", "hello", "EMPTY", "", "EQUALS", "a=b"), pool.environment());
  }

  @Test
  void aNamedVariableThatIsNotSetIsAWarningNamingTheKey() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE.replace("inherited_env: []", "inherited_env: [" + UNSET + "]")
            + "jvm:\n  env: ["
            + UNSET
            + "_TOO]\n";
    List<String> warnings = ConfigFiles.parse(dir, text).warnings();

    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).contains("task_executor.inherited_env: " + UNSET + " is not set"),
        warnings.get(0));
    assertTrue(warnings.get(1).contains("jvm.env: " + UNSET + "_TOO is not set"), warnings.get(1));
  }

  @Test
  void aVariableSpiderSetsItselfIsRefusedNamingTheKey() {
    String text = ConfigFiles.COMPOSE + "jvm:\n  env: [SPIDER_TDL_PACKAGE_DIR=/elsewhere]\n";
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));
    assertEquals(Optional.of("jvm.env"), e.key(), e.getMessage());
    assertTrue(e.problem().contains("set for executors by spider itself"), e.getMessage());
  }

  @Test
  void aMalformedEntryIsRefused() {
    String text = ConfigFiles.COMPOSE + "jvm:\n  env: ['1ST=x']\n";
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));
    assertTrue(e.problem().contains("is not NAME or NAME=VALUE"), e.getMessage());
  }
}
