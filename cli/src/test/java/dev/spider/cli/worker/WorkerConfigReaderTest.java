package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.HostAndPort;
import dev.spider.manager.grpc.GrpcClusterConfig;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream's keys of {@code worker.yaml}: what each means, which are required, how wrong values are
 * refused (naming the file, the line and the key), and what draws a warning.
 */
final class WorkerConfigReaderTest {

  @TempDir Path dir;

  @Test
  void composeConfigurationMeansWhatItMeansUpstream() throws WorkerConfigException {
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, ConfigFiles.COMPOSE);
    WorkerConfig config = read.config();

    assertEquals(List.of(), read.warnings());
    assertEquals(HostAndPort.fromParts("spider-storage", 50051), config.storage());
    assertEquals(HostAndPort.fromParts("spider-scheduler", 50052), config.scheduler());
    assertEquals(Duration.ofSeconds(1), config.storageHeartbeatInterval());
    assertEquals(Duration.ofSeconds(1), config.schedulerHeartbeatInterval());
    assertEquals(4, config.connectionPoolSize());
    assertEquals(Duration.ofMillis(1000), config.schedulerPollWait());
    assertEquals(dir, config.taskExecutor().packageDir());
    assertEquals(65536, config.taskExecutor().maxLogLineBytes());
    assertEquals(List.of(), config.taskExecutor().inheritedEnv());
    assertInstanceOf(ExecutorSource.Bundled.class, config.taskExecutor().executor());
    assertEquals(JvmSettings.DEFAULTS, config.jvm());
  }

  @Test
  void upstreamKeysReachTheClientsTheRuntimeAndThePool() throws WorkerConfigException {
    WorkerConfig config = ConfigFiles.parse(dir, ConfigFiles.COMPOSE).config();

    GrpcClusterConfig grpc = config.grpcCluster();
    assertEquals(HostAndPort.fromParts("spider-storage", 50051), grpc.storage());
    assertEquals(HostAndPort.fromParts("spider-scheduler", 50052), grpc.scheduler());
    assertEquals(4, grpc.connectionPoolSize());
    assertFalse(grpc.interruptAtSoftTimeout(), "soft timeouts are storage's business upstream");
    assertEquals(GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES, grpc.storageMaxMessageBytes());

    RuntimeConfig runtime = config.runtime();
    assertEquals("0.0.0.0", runtime.advertisedAddress().getHostAddress());
    assertEquals(Duration.ofMillis(1000), runtime.pollWait());
    assertEquals(Duration.ofSeconds(1), runtime.livenessInterval());
    assertEquals(Duration.ofSeconds(1), runtime.schedulerHeartbeatInterval());
    assertEquals(Duration.ofSeconds(30), runtime.shutdownGrace());

    Path jar = dir.resolve("spider-executor.jar");
    PoolConfig pool = config.pool(jar, ExecutorLogSink.LOG, false);
    assertEquals(jar, pool.executorJar());
    assertEquals(dir, pool.packageDir());
    assertEquals(1, pool.size(), "one executor by default, as upstream's execution manager");
    assertEquals(65536, pool.maxLogLineBytes());
    assertEquals(List.of(), pool.inheritedEnvironment());
    assertEquals(ExecutorLogSink.LOG, pool.logSink());
  }

  @Test
  void inheritedEnvironmentAndRustLogArePassedToExecutors() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE
            .replace("inherited_env: []", "inherited_env: [JAVA_TOOL_OPTIONS, RUST_LOG]")
            .replace("max_log_line_bytes: 65536", "max_log_line_bytes: 4096");
    WorkerConfig config = ConfigFiles.parse(dir, text).config();
    Path jar = dir.resolve("x.jar");

    assertEquals(List.of("JAVA_TOOL_OPTIONS", "RUST_LOG"), config.taskExecutor().inheritedEnv());
    assertEquals(4096, config.pool(jar, ExecutorLogSink.LOG, false).maxLogLineBytes());
    assertEquals(
        List.of("JAVA_TOOL_OPTIONS", "RUST_LOG"),
        config.pool(jar, ExecutorLogSink.LOG, true).inheritedEnvironment(),
        "RUST_LOG, forwarded like upstream, is not listed twice");
    WorkerConfig plain = ConfigFiles.parse(dir, ConfigFiles.COMPOSE).config();
    assertEquals(
        List.of("RUST_LOG"), plain.pool(jar, ExecutorLogSink.LOG, true).inheritedEnvironment());
  }

  @Test
  void aMaxLogLineBelowThePoolsMinimumIsRaisedToItWithAWarning() throws WorkerConfigException {
    for (int small : new int[] {1, 10, 79}) {
      ConfigFiles.Parsed read =
          ConfigFiles.parse(
              dir,
              ConfigFiles.COMPOSE.replace(
                  "max_log_line_bytes: 65536", "max_log_line_bytes: " + small));

      assertEquals(1, read.warnings().size(), read.warnings().toString());
      String warning = read.warnings().get(0);
      assertTrue(
          warning.startsWith(
              dir.resolve("worker.yaml") + ":14: task_executor.max_log_line_bytes: " + small),
          warning);
      assertTrue(warning.contains("using 80 bytes"), warning);
      assertEquals(80, read.config().taskExecutor().maxLogLineBytes());
      assertEquals(
          80,
          read.config().pool(dir.resolve("x.jar"), ExecutorLogSink.LOG, false).maxLogLineBytes(),
          "the pool accepts it");
    }
    ConfigFiles.Parsed atMinimum =
        ConfigFiles.parse(
            dir,
            ConfigFiles.COMPOSE.replace("max_log_line_bytes: 65536", "max_log_line_bytes: 80"));
    assertEquals(List.of(), atMinimum.warnings());
    assertEquals(80, atMinimum.config().taskExecutor().maxLogLineBytes());
  }

  @Test
  void optionalUpstreamKeysHaveUpstreamDefaults() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE
            .replace("  max_log_line_bytes: 65536\n", "")
            .replace("  inherited_env: []\n", "");
    TaskExecutorSettings executor = ConfigFiles.parse(dir, text).config().taskExecutor();
    assertEquals(TaskExecutorSettings.DEFAULT_MAX_LOG_LINE_BYTES, executor.maxLogLineBytes());
    assertEquals(List.of(), executor.inheritedEnv());
  }

  /** Each required key left out, and the line of the section the message points at (0: none). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "storage.host|\\n  host: spider-storage|1",
        "storage.port|\\n  port: 50051|1",
        "scheduler.host|\\n  host: spider-scheduler|4",
        "scheduler.port|\\n  port: 50052|4",
        "liveness.storage_heartbeat_interval_sec|\\n  storage_heartbeat_interval_sec: 1|7",
        "liveness.scheduler_heartbeat_interval_sec|\\n  scheduler_heartbeat_interval_sec: 1|7",
        "connection_pool_size|\\nconnection_pool_size: 4|0",
        "scheduler_poll_wait_ms|\\nscheduler_poll_wait_ms: 1000|0",
        "task_executor.package_dir|\\n  package_dir: @PACKAGES@|12",
      })
  void everyRequiredKeyIsRequired(String key, String removed, int sectionLine) {
    String text = ConfigFiles.COMPOSE.replace(removed.replace("\\n", "\n"), "");
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));

    assertEquals(Optional.of(key), e.key(), e.getMessage());
    assertEquals(dir.resolve("worker.yaml"), e.file());
    assertEquals(sectionLine == 0 ? OptionalInt.empty() : OptionalInt.of(sectionLine), e.line());
    assertTrue(e.getMessage().startsWith(dir.resolve("worker.yaml").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(key + ": missing; it is required"), e.getMessage());
  }

  @Test
  void requiredSectionsAreRequired() {
    String noTaskExecutor =
        ConfigFiles.COMPOSE.substring(0, ConfigFiles.COMPOSE.indexOf("task_executor:"));
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, noTaskExecutor));
    assertEquals(Optional.of("task_executor"), e.key(), e.getMessage());

    String noLiveness =
        ConfigFiles.COMPOSE.replace(
            "liveness:\n  storage_heartbeat_interval_sec: 1\n"
                + "  scheduler_heartbeat_interval_sec: 1\n",
            "");
    e = assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, noLiveness));
    assertEquals(Optional.of("liveness"), e.key(), e.getMessage());
  }

  /** A wrong value, the key it must be reported under, its line and a part of the message. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "port: 50051|port: 70000|storage.port|3|from 1 to 65535",
        "port: 50051|port: 0|storage.port|3|from 1 to 65535",
        "port: 50051|port: '50051'|storage.port|3|got text '50051'",
        "port: 50052|port: 5.5|scheduler.port|6|got a number 5.5",
        "host: spider-storage|host: ''|storage.host|2|must not be empty",
        "host: spider-storage|host: spider storage|storage.host|2|not a host name",
        "host: spider-storage|host: spider-storage:50051|storage.host|2|not a host name",
        "host: spider-storage|host: [a, b]|storage.host|2|got a list",
        "host: spider-storage|host:|storage.host|2|has no value",
        "storage_heartbeat_interval_sec: 1|storage_heartbeat_interval_sec: 0"
            + "|liveness.storage_heartbeat_interval_sec|8|from 1 to",
        "scheduler_heartbeat_interval_sec: 1|scheduler_heartbeat_interval_sec: -1"
            + "|liveness.scheduler_heartbeat_interval_sec|9|from 1 to",
        "connection_pool_size: 4|connection_pool_size: 0|connection_pool_size|10|from 1 to",
        "connection_pool_size: 4|connection_pool_size: 99999999999|connection_pool_size|10|"
            + "got 99999999999",
        "scheduler_poll_wait_ms: 1000|scheduler_poll_wait_ms: 184467440737095516150"
            + "|scheduler_poll_wait_ms|11|from 0 to",
        "max_log_line_bytes: 65536|max_log_line_bytes: 0|task_executor.max_log_line_bytes|14"
            + "|from 1 to",
        "inherited_env: []|inherited_env: PATH|task_executor.inherited_env|15|must be a list",
        "inherited_env: []|inherited_env: [PATH, 3]|task_executor.inherited_env[1]|15|got an"
            + " integer 3",
        "inherited_env: []|inherited_env: [A=B]|task_executor.inherited_env|15|not a variable"
            + " name",
        "package_dir: @PACKAGES@|package_dir: @PACKAGES@/missing|task_executor.package_dir|13"
            + "|is not a directory",
        "storage:|storage: 5\\nx:|storage|1|must be a mapping",
      })
  void wrongValuesAreRefusedNamingFileLineAndKey(
      String original, String replacement, String key, int line, String fragment) {
    String text = ConfigFiles.COMPOSE.replace(original, replacement.replace("\\n", "\n"));
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));

    assertEquals(Optional.of(key), e.key(), e.getMessage());
    assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
    assertTrue(e.problem().contains(fragment), e.getMessage());
    assertTrue(
        e.getMessage().startsWith(dir.resolve("worker.yaml") + ":" + line + ": " + key + ": "),
        e.getMessage());
  }

  @Test
  void unknownKeysWarnWithTheirPlaceAndAreIgnored() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE.replace("  port: 50051\n", "  port: 50051\n  hots: x\n")
            + "metrics:\n  enabled: true\njvm:\n  executor: 2\n";
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);
    Path file = dir.resolve("worker.yaml");

    assertEquals(3, read.warnings().size(), read.warnings().toString());
    assertTrue(
        read.warnings().get(0).startsWith(file + ":4: storage.hots: unknown key"),
        read.warnings().toString());
    assertTrue(
        read.warnings().get(1).startsWith(file + ":17: metrics: unknown key"),
        read.warnings().toString());
    assertTrue(
        read.warnings().get(2).startsWith(file + ":20: jvm.executor: unknown key"),
        read.warnings().toString());
    assertEquals(1, read.config().jvm().executors(), "the misspelt key changed nothing");
  }

  @Test
  void aMisspeltSectionWarnsBeforeTheErrorItCauses() {
    List<String> warnings = new ArrayList<>();
    String text = ConfigFiles.with(ConfigFiles.COMPOSE.replace("storage:\n", "stoarge:\n"), dir);
    WorkerConfigException e =
        assertThrows(
            WorkerConfigException.class,
            () -> WorkerConfigReader.parse(dir.resolve("worker.yaml"), text, warnings::add));

    assertEquals(Optional.of("storage"), e.key(), e.getMessage());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).startsWith(dir.resolve("worker.yaml") + ":1: stoarge: unknown key"),
        warnings.toString());
  }

  @ParameterizedTest(name = "storage every {0} s, scheduler every {1} s")
  @CsvSource({"1,1,0", "20,10,0", "21,10,1", "20,11,1", "60,30,2", "3600,1,1"})
  void heartbeatIntervalsCloseToTheCutoffsWarnButAreAccepted(
      int storage, int scheduler, int warnings) throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE
            .replace(
                "storage_heartbeat_interval_sec: 1", "storage_heartbeat_interval_sec: " + storage)
            .replace(
                "scheduler_heartbeat_interval_sec: 1",
                "scheduler_heartbeat_interval_sec: " + scheduler);
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);

    assertEquals(Duration.ofSeconds(storage), read.config().storageHeartbeatInterval());
    assertEquals(Duration.ofSeconds(scheduler), read.config().schedulerHeartbeatInterval());
    assertEquals(warnings, read.warnings().size(), read.warnings().toString());
    for (String warning : read.warnings()) {
      assertTrue(warning.contains("cut-off"), warning);
      assertTrue(warning.contains("liveness."), warning);
    }
  }

  @Test
  void heartbeatWarningNamesTheCutoff() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE.replace(
            "storage_heartbeat_interval_sec: 1", "storage_heartbeat_interval_sec: 60");
    String warning = ConfigFiles.parse(dir, text).warnings().get(0);
    assertTrue(
        warning.startsWith(
            dir.resolve("worker.yaml")
                + ":8: liveness.storage_heartbeat_interval_sec: 60 s is"
                + " not below storage's default cut-off of 60 s"),
        warning);
  }

  @Test
  void aZeroPollWaitIsAcceptedWithAWarning() throws WorkerConfigException {
    String text =
        ConfigFiles.COMPOSE.replace("scheduler_poll_wait_ms: 1000", "scheduler_poll_wait_ms: 0");
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);
    assertEquals(Duration.ofMillis(1), read.config().schedulerPollWait());
    assertEquals(1, read.warnings().size());
    assertTrue(read.warnings().get(0).contains("scheduler_poll_wait_ms: 0 makes"));
  }

  @Test
  void malformedYamlNamesFileAndLine() {
    String text = ConfigFiles.COMPOSE.replace("  port: 50052", "  port: [50052");
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));
    assertEquals(Optional.empty(), e.key());
    assertTrue(e.line().isPresent(), e.getMessage());
    assertTrue(e.problem().startsWith("not valid YAML"), e.getMessage());
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    String text = ConfigFiles.COMPOSE + "connection_pool_size: 8\n";
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));
    assertEquals(Optional.of("connection_pool_size"), e.key());
    assertEquals(OptionalInt.of(16), e.line());
    assertTrue(e.problem().contains("given twice (first on line 10)"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty|''|the file is empty",
        "a list|- storage|must hold a mapping",
        "a scalar|storage|must hold a mapping",
        "two documents|a: 1\\n---\\nb: 2|a second YAML document",
      })
  void theFileMustBeOneMapping(String what, String text, String fragment) {
    WorkerConfigException e =
        assertThrows(
            WorkerConfigException.class, () -> ConfigFiles.parse(dir, text.replace("\\n", "\n")));
    assertEquals(Optional.empty(), e.key());
    assertTrue(e.problem().contains(fragment), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nowhere.yaml");
    WorkerConfigException e =
        assertThrows(
            WorkerConfigException.class, () -> WorkerConfigReader.read(file, warning -> {}));
    assertEquals(file + ": no such file; pass the worker.yaml with --config", e.getMessage());
  }

  @Test
  void aFileIsReadFromDisk() throws IOException, WorkerConfigException {
    Path file = ConfigFiles.write(dir, ConfigFiles.COMPOSE, dir);
    assertEquals(file, WorkerConfigReader.read(file, warning -> {}).file());
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    WorkerConfigException e =
        assertThrows(
            WorkerConfigException.class, () -> WorkerConfigReader.read(file, warning -> {}));
    assertTrue(e.problem().contains("not UTF-8"), e.getMessage());
  }
}
