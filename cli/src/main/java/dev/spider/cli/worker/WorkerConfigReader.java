package dev.spider.cli.worker;

import com.google.common.net.HostAndPort;
import dev.spider.manager.grpc.GrpcClusterConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code worker.yaml}: upstream's schema (docs/cli.md, "spider worker") with its required
 * keys required, plus the optional Java-only {@code jvm} section, every value checked for type and
 * range. The first problem is a {@link WorkerConfigException} naming the file, line and key;
 * unknown keys and heartbeat intervals close to the cluster's cut-offs are warnings, handed to the
 * caller to print.
 *
 * <p>Besides the text, it looks at the file system for the paths: {@code task_executor.package_dir}
 * and {@code jvm.java} must exist, and {@code task_executor.bin_path} must lead to an executor jar
 * ({@link ExecutorJarResolver}). Stateless; thread-safe.
 */
final class WorkerConfigReader {

  /**
   * Upstream's keys (docs/cli.md, "spider worker"); with {@link JvmSectionReader#KEYS}, the schema.
   */
  static final Set<String> UPSTREAM_KEYS =
      Set.of(
          "storage",
          "storage.host",
          "storage.port",
          "scheduler",
          "scheduler.host",
          "scheduler.port",
          "liveness",
          "liveness.storage_heartbeat_interval_sec",
          "liveness.scheduler_heartbeat_interval_sec",
          "connection_pool_size",
          "scheduler_poll_wait_ms",
          "task_executor",
          "task_executor.bin_path",
          "task_executor.package_dir",
          "task_executor.max_log_line_bytes",
          "task_executor.inherited_env");

  private static final Set<String> SCHEMA =
      Stream.concat(UPSTREAM_KEYS.stream(), JvmSectionReader.KEYS.stream())
          .collect(Collectors.toUnmodifiableSet());

  /** The largest seconds and milliseconds a {@link Duration} holds in nanoseconds. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private WorkerConfigReader() {}

  /**
   * Reads and checks {@code file}.
   *
   * @param warnings receives each warning as one line naming the file, line and key, as soon as it
   *     is found: those about unknown keys come before any error
   */
  static WorkerConfig read(Path file, Consumer<String> warnings) throws WorkerConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw WorkerConfigException.ofFile(
          file, OptionalInt.empty(), "no such file; pass the worker.yaml with --config");
    } catch (CharacterCodingException e) {
      throw WorkerConfigException.ofFile(
          file, OptionalInt.empty(), "not UTF-8 text; save the file as UTF-8");
    } catch (IOException e) {
      throw WorkerConfigException.ofFile(
          file, OptionalInt.empty(), "cannot read it: " + e.getMessage());
    }
    return parse(file, text, warnings);
  }

  /** Checks {@code text}, the contents of {@code file}; see {@link #read}. */
  static WorkerConfig parse(Path file, String text, Consumer<String> warnings)
      throws WorkerConfigException {
    YamlSection root = YamlSection.root(LocatedYaml.parse(file, text), SCHEMA);
    Warnings warn = new Warnings(file, root, warnings);
    for (String key : root.unknownKeys()) {
      warn.add(
          key,
          "unknown key, ignored (upstream ignores it too); the keys are listed in"
              + " docs/cli.md (spider worker)");
    }
    HostAndPort storage = endpoint(root, "storage", "spider-storage", 50051);
    HostAndPort scheduler = endpoint(root, "scheduler", "spider-scheduler", 50052);
    YamlSection liveness =
        root.section(
            "liveness",
            "a mapping with storage_heartbeat_interval_sec and scheduler_heartbeat_interval_sec");
    Duration storageBeat = heartbeat(liveness, "storage_heartbeat_interval_sec", "storage");
    Duration schedulerBeat = heartbeat(liveness, "scheduler_heartbeat_interval_sec", "scheduler");
    HeartbeatCutoffs.STORAGE
        .check(storageBeat)
        .ifPresent(w -> warn.add(HeartbeatCutoffs.STORAGE.key(), w));
    HeartbeatCutoffs.SCHEDULER
        .check(schedulerBeat)
        .ifPresent(w -> warn.add(HeartbeatCutoffs.SCHEDULER.key(), w));
    int poolSize =
        (int)
            root.integer(
                "connection_pool_size", 1, Integer.MAX_VALUE, "gRPC channels per service, e.g. 4");
    long pollWaitMillis =
        root.integer(
            "scheduler_poll_wait_ms",
            0,
            MAX_MILLIS,
            "milliseconds the scheduler may hold one poll for a task, e.g. 1000");
    if (pollWaitMillis == 0) {
      warn.add(
          "scheduler_poll_wait_ms",
          "0 makes every poll return at once, so the worker polls the scheduler in a busy loop;"
              + " waiting 1 ms instead (compose uses 1000)");
    }
    TaskExecutorSettings taskExecutor =
        taskExecutor(
            root.section("task_executor", "a mapping with package_dir (and bin_path, optionally)"),
            warn);
    Optional<YamlSection> jvmSection = root.optionalSection("jvm");
    JvmSettings jvm =
        jvmSection.isPresent() ? JvmSectionReader.read(jvmSection.get()) : JvmSettings.DEFAULTS;
    warnUnset(taskExecutor.inheritedEnv(), "task_executor.inherited_env", warn);
    warnUnset(jvm.env().inherited(), "jvm.env", warn);
    if (jvm.storageMaxMessageBytes() > GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES) {
      warn.add(
          "jvm.storage_max_message_bytes",
          jvm.storageMaxMessageBytes()
              + " is above upstream storage's limit of "
              + GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES
              + " bytes: larger outputs would be refused by storage and their task left hanging;"
              + " raise it only for a storage that accepts more");
    }
    return new WorkerConfig(
        file,
        storage,
        scheduler,
        storageBeat,
        schedulerBeat,
        poolSize,
        Duration.ofMillis(Math.max(1, pollWaitMillis)),
        taskExecutor,
        jvm);
  }

  private static HostAndPort endpoint(
      YamlSection root, String name, String exampleHost, int examplePort)
      throws WorkerConfigException {
    YamlSection section =
        root.section(name, "a mapping with host and port of the " + name + " service");
    String host =
        section.text("host", "the " + name + " service's host name or IP, e.g. " + exampleHost);
    if (!host.matches("[^\\s/]+")) {
      throw section.error(
          "host", "'" + host + "' is not a host name or IP address; e.g. " + exampleHost);
    }
    int port =
        (int) section.integer("port", 1, 65535, "the " + name + " port, e.g. " + examplePort);
    try {
      return HostAndPort.fromParts(host, port);
    } catch (IllegalArgumentException e) {
      throw section.error(
          "host",
          "'"
              + host
              + "' is not a host name or IP address ("
              + e.getMessage()
              + "); the port"
              + " goes under port");
    }
  }

  private static Duration heartbeat(YamlSection liveness, String name, String service)
      throws WorkerConfigException {
    return Duration.ofSeconds(
        liveness.integer(
            name, 1, MAX_SECONDS, "seconds between " + service + " heartbeats, e.g. 1"));
  }

  private static TaskExecutorSettings taskExecutor(YamlSection section, Warnings warn)
      throws WorkerConfigException {
    Optional<Path> binPath = section.optionalPath("bin_path", "the Java executor launcher");
    ExecutorSource executor =
        binPath.isEmpty()
            ? new ExecutorSource.Bundled()
            : new ExecutorSource.Launcher(
                binPath.get(),
                ExecutorJarResolver.resolve(
                    section.file(), section.lineOf("task_executor.bin_path"), binPath.get()));
    Path packageDir = section.path("package_dir", "the package directory");
    if (!Files.isDirectory(packageDir)) {
      throw section.error(
          "package_dir",
          packageDir
              + " is not a directory; give the directory holding one sub-directory per"
              + " package");
    }
    int maxLogLineBytes =
        (int)
            section
                .optionalInteger(
                    "max_log_line_bytes",
                    1,
                    Integer.MAX_VALUE,
                    "bytes, the longest executor output line kept")
                .orElse(TaskExecutorSettings.DEFAULT_MAX_LOG_LINE_BYTES);
    if (maxLogLineBytes < TaskExecutorSettings.MIN_MAX_LOG_LINE_BYTES) {
      warn.add(
          "task_executor.max_log_line_bytes",
          maxLogLineBytes
              + " is below the smallest the Java worker supports; using "
              + TaskExecutorSettings.MIN_MAX_LOG_LINE_BYTES
              + " bytes (upstream accepts any positive value)");
      maxLogLineBytes = TaskExecutorSettings.MIN_MAX_LOG_LINE_BYTES;
    }
    List<String> inheritedEnv = section.textList("inherited_env", "environment variable names");
    for (int i = 0; i < inheritedEnv.size(); i++) {
      if (inheritedEnv.get(i).contains("=")) {
        throw section.error(
            "inherited_env",
            "item "
                + i
                + " ('"
                + inheritedEnv.get(i)
                + "') is not a variable name: list names only; executors get this worker's"
                + " values");
      }
    }
    return new TaskExecutorSettings(executor, packageDir, maxLogLineBytes, inheritedEnv);
  }

  /** A variable named to be passed on but unset here is a warning: executors will not get it. */
  private static void warnUnset(List<String> names, String key, Warnings warn) {
    for (String name : names) {
      if (System.getenv(name) == null) {
        warn.add(key, name + " is not set in this worker's environment; executors will not get it");
      }
    }
  }

  /** Warnings, each naming the file, the key's line and the key. */
  private record Warnings(Path file, YamlSection root, Consumer<String> sink) {
    void add(String key, String message) {
      OptionalInt line = root.lineOf(key);
      sink.accept(
          file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + key + ": " + message);
    }
  }
}
