package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.grpc.GrpcClusterConfig;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java-only {@code jvm} section: every key read and passed on, defaults, and refusals naming
 * the key.
 */
final class JvmSectionTest {

  @TempDir Path dir;

  @Test
  void everyKeyIsReadAndPassedOn() throws IOException, WorkerConfigException {
    Path java = Files.createFile(dir.resolve("java"));
    Path crash = dir.resolve("crash");
    String text =
        ConfigFiles.COMPOSE
            + """
            jvm:
              executors: 3
              heap: 2g
              java: @JAVA@
              extra_jvm_options: [-XX:+UseSerialGC, -Xlog:gc:stderr]
              crash_dir: @CRASH@
              startup_timeout_sec: 45
              max_tasks_per_executor: 100
              max_resident_bytes: 1073741824
              max_frame_bytes: 1048576
              shutdown_grace_sec: 50
              interrupt_at_soft_timeout: true
              storage_max_message_bytes: 2097152
              inbound_max_message_bytes: 134217728
              advertised_address: 10.1.2.3
            """
                .replace("@JAVA@", java.toString())
                .replace("@CRASH@", crash.toString());
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);
    JvmSettings jvm = read.config().jvm();

    assertEquals(List.of(), read.warnings());
    assertEquals(3, jvm.executors());
    assertEquals("2g", jvm.heap());
    assertEquals(Optional.of(java), jvm.java());
    assertEquals(List.of("-XX:+UseSerialGC", "-Xlog:gc:stderr"), jvm.extraJvmOptions());
    assertEquals(Optional.of(crash), jvm.crashDir());
    assertEquals(Duration.ofSeconds(45), jvm.startupTimeout());
    assertEquals(OptionalLong.of(100), jvm.maxTasksPerExecutor());
    assertEquals(OptionalLong.of(1 << 30), jvm.maxResidentBytes());
    assertEquals(1 << 20, jvm.maxFrameBytes());
    assertEquals(Duration.ofSeconds(50), jvm.shutdownGrace());
    assertTrue(jvm.interruptAtSoftTimeout());
    assertEquals(2 << 20, jvm.storageMaxMessageBytes());
    assertEquals(128 << 20, jvm.inboundMaxMessageBytes());
    assertEquals("10.1.2.3", jvm.advertisedAddress().getHostAddress());

    WorkerConfig config = read.config();
    PoolConfig pool = config.pool(dir.resolve("e.jar"), ExecutorLogSink.LOG, false);
    assertEquals(3, pool.size());
    assertEquals("2g", pool.heap());
    assertEquals(java, pool.javaBinary());
    assertEquals(jvm.extraJvmOptions(), pool.extraJvmOptions());
    assertEquals(Optional.of(crash), pool.crashDir());
    assertEquals(Duration.ofSeconds(45), pool.startupTimeout());
    assertEquals(OptionalLong.of(100), pool.maxTasksPerExecutor());
    assertEquals(OptionalLong.of(1 << 30), pool.maxResidentBytes());
    assertEquals(1 << 20, pool.maxFrameBytes());
    GrpcClusterConfig grpc = config.grpcCluster();
    assertTrue(grpc.interruptAtSoftTimeout());
    assertEquals(2 << 20, grpc.storageMaxMessageBytes());
    assertEquals(128 << 20, grpc.inboundMaxMessageBytes());
    RuntimeConfig runtime = config.runtime();
    assertEquals(Duration.ofSeconds(50), runtime.shutdownGrace());
    assertEquals(jvm.advertisedAddress(), runtime.advertisedAddress());
  }

  @Test
  void anEmptyOrNullSectionMeansTheDefaults() throws WorkerConfigException {
    assertEquals(
        JvmSettings.DEFAULTS,
        ConfigFiles.parse(dir, ConfigFiles.COMPOSE + "jvm:\n").config().jvm());
    assertEquals(
        JvmSettings.DEFAULTS,
        ConfigFiles.parse(dir, ConfigFiles.COMPOSE + "jvm: {}\n").config().jvm());
    assertEquals(
        JvmSettings.DEFAULTS,
        ConfigFiles.parse(dir, ConfigFiles.COMPOSE + "jvm:\n  heap:\n").config().jvm(),
        "a key without a value is left at its default");
  }

  @Test
  void defaultsSuitAnUpstreamCluster() {
    JvmSettings defaults = JvmSettings.DEFAULTS;
    assertEquals(1, defaults.executors());
    assertEquals(PoolConfig.DEFAULT_HEAP, defaults.heap());
    assertEquals(false, defaults.interruptAtSoftTimeout());
    assertEquals(4 << 20, defaults.storageMaxMessageBytes());
    assertEquals("0.0.0.0", defaults.advertisedAddress().getHostAddress());
    assertTrue(
        defaults.shutdownGrace().plusSeconds(20).compareTo(Duration.ofSeconds(60)) <= 0,
        "the grace, the report drain and the goodbye fit in compose's 60 s stop_grace_period");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"::1", "fd00::5", "0.0.0.0", "192.168.1.20"})
  void ipLiteralsAreAdvertised(String address) throws WorkerConfigException {
    String text = ConfigFiles.COMPOSE + "jvm:\n  advertised_address: '" + address + "'\n";
    assertEquals(
        com.google.common.net.InetAddresses.forString(address),
        ConfigFiles.parse(dir, text).config().jvm().advertisedAddress());
  }

  /** A wrong {@code jvm} value, the key it must be reported under and a part of the message. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "executors: 0|jvm.executors|from 1 to 1024",
        "executors: 5000|jvm.executors|from 1 to 1024",
        "executors: two|jvm.executors|got text 'two'",
        "heap: lots|jvm.heap|not an -Xmx value",
        "java: /no/such/java|jvm.java|is not a file",
        "extra_jvm_options: [-XX:-ExitOnOutOfMemoryError]|jvm.extra_jvm_options|would undo",
        "extra_jvm_options: [-Xlog:gc]|jvm.extra_jvm_options|would undo",
        "extra_jvm_options: -Xss2m|jvm.extra_jvm_options|must be a list",
        "startup_timeout_sec: 0|jvm.startup_timeout_sec|from 1 to 3600",
        "max_tasks_per_executor: 0|jvm.max_tasks_per_executor|from 1 to",
        "max_resident_bytes: -5|jvm.max_resident_bytes|from 1 to",
        "max_frame_bytes: 100|jvm.max_frame_bytes|from 16384 to",
        "shutdown_grace_sec: -1|jvm.shutdown_grace_sec|from 0 to 86400",
        "interrupt_at_soft_timeout: maybe|jvm.interrupt_at_soft_timeout|must be true or false",
        "interrupt_at_soft_timeout: 1|jvm.interrupt_at_soft_timeout|must be true or false",
        "storage_max_message_bytes: 100|jvm.storage_max_message_bytes|from 1024 to",
        "inbound_max_message_bytes: 3000000000|jvm.inbound_max_message_bytes|from 1024 to",
        "advertised_address: worker-1.example.com|jvm.advertised_address|not an IP address",
        "advertised_address: 'fe80::1%eth0'|jvm.advertised_address|scope id",
        "advertised_address: 10.0.0.256|jvm.advertised_address|not an IP address",
      })
  void wrongValuesAreRefusedNamingTheKey(String line, String key, String fragment) {
    String text = ConfigFiles.COMPOSE + "jvm:\n  " + line + "\n";
    WorkerConfigException e =
        assertThrows(WorkerConfigException.class, () -> ConfigFiles.parse(dir, text));
    assertEquals(Optional.of(key), e.key(), e.getMessage());
    assertEquals(OptionalInt.of(17), e.line(), e.getMessage());
    assertTrue(e.problem().contains(fragment), e.getMessage());
  }

  @Test
  void aStorageLimitAboveUpstreamsWarns() throws WorkerConfigException {
    String text = ConfigFiles.COMPOSE + "jvm:\n  storage_max_message_bytes: 8388608\n";
    ConfigFiles.Parsed read = ConfigFiles.parse(dir, text);
    assertEquals(8 << 20, read.config().jvm().storageMaxMessageBytes());
    assertEquals(1, read.warnings().size());
    assertTrue(
        read.warnings().get(0).contains("jvm.storage_max_message_bytes: 8388608 is above"),
        read.warnings().get(0));
  }
}
