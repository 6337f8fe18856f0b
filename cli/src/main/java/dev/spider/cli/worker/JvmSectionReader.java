package dev.spider.cli.worker;

import com.google.common.net.InetAddresses;
import dev.spider.cli.PassedEnvironment;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.process.CanonicalCommandLine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the Java-only {@code jvm} section of {@code worker.yaml} into {@link JvmSettings}: each key
 * optional, checked for type and range, defaulting to {@link JvmSettings#DEFAULTS}.
 *
 * <p>Looks at the file system only for {@code java}, which must be a file. Stateless.
 */
final class JvmSectionReader {

  private static final int MAX_EXECUTORS = 1024;
  private static final long MAX_STARTUP_TIMEOUT_SECONDS = 3600;
  private static final long MAX_SHUTDOWN_GRACE_SECONDS = 24 * 3600;
  private static final int MIN_MESSAGE_BYTES = 1024;

  /** The section and its keys, dotted: the {@code jvm} part of the schema. */
  static final Set<String> KEYS =
      Set.of(
          "jvm",
          "jvm.executors",
          "jvm.heap",
          "jvm.java",
          "jvm.extra_jvm_options",
          "jvm.env",
          "jvm.crash_dir",
          "jvm.startup_timeout_sec",
          "jvm.max_tasks_per_executor",
          "jvm.max_resident_bytes",
          "jvm.max_frame_bytes",
          "jvm.shutdown_grace_sec",
          "jvm.interrupt_at_soft_timeout",
          "jvm.storage_max_message_bytes",
          "jvm.inbound_max_message_bytes",
          "jvm.advertised_address");

  private JvmSectionReader() {}

  static JvmSettings read(YamlSection jvm) throws WorkerConfigException {
    JvmSettings defaults = JvmSettings.DEFAULTS;
    int executors =
        (int)
            jvm.optionalInteger("executors", 1, MAX_EXECUTORS, "executor processes")
                .orElse(defaults.executors());
    String heap = jvm.optionalText("heap", "an -Xmx value like 512m").orElse(defaults.heap());
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw jvm.error("heap", "'" + heap + "' is not an -Xmx value; use e.g. 512m or 2g");
    }
    Optional<Path> java = jvm.optionalPath("java", "the java binary executors run with");
    if (java.isPresent() && !Files.isRegularFile(java.get())) {
      throw jvm.error("java", java.get() + " is not a file; give the path of a java binary");
    }
    List<String> extraJvmOptions = jvm.textList("extra_jvm_options", "JVM options");
    for (String option : extraJvmOptions) {
      if (CanonicalCommandLine.undoesFixedFlags(option)) {
        throw jvm.error(
            "extra_jvm_options",
            option
                + " would undo the executors' canonical flags, which keep the protocol stdout"
                + " clean and crashes contained; -Xlog options must name stderr or a file");
      }
    }
    PassedEnvironment env;
    try {
      env = PassedEnvironment.parse(jvm.textList("env", "NAME or NAME=VALUE entries"));
    } catch (IllegalArgumentException e) {
      throw jvm.error("env", e.getMessage());
    }
    Optional<Path> crashDir = jvm.optionalPath("crash_dir", "the directory for crash logs");
    Duration startupTimeout =
        seconds(
                jvm.optionalInteger(
                    "startup_timeout_sec",
                    1,
                    MAX_STARTUP_TIMEOUT_SECONDS,
                    "seconds an executor may take to start"))
            .orElse(defaults.startupTimeout());
    OptionalLong maxTasks =
        jvm.optionalInteger(
            "max_tasks_per_executor", 1, Long.MAX_VALUE, "tasks before an executor is replaced");
    OptionalLong maxResident =
        jvm.optionalInteger(
            "max_resident_bytes",
            1,
            Long.MAX_VALUE,
            "bytes of resident memory after which an executor is replaced");
    int maxFrameBytes =
        (int)
            jvm.optionalInteger(
                    "max_frame_bytes",
                    FrameLimits.SMALLEST_MAX_FRAME_BYTES,
                    FrameLimits.LARGEST_MAX_FRAME_BYTES,
                    "bytes, the largest manager-executor frame")
                .orElse(defaults.maxFrameBytes());
    Duration shutdownGrace =
        seconds(
                jvm.optionalInteger(
                    "shutdown_grace_sec",
                    0,
                    MAX_SHUTDOWN_GRACE_SECONDS,
                    "seconds running tasks get to finish at shutdown"))
            .orElse(defaults.shutdownGrace());
    boolean interrupt =
        jvm.optionalBoolean("interrupt_at_soft_timeout").orElse(defaults.interruptAtSoftTimeout());
    int storageMax =
        messageLimit(jvm, "storage_max_message_bytes", defaults.storageMaxMessageBytes());
    int inboundMax =
        messageLimit(jvm, "inbound_max_message_bytes", defaults.inboundMaxMessageBytes());
    InetAddress address = advertisedAddress(jvm).orElse(defaults.advertisedAddress());
    return new JvmSettings(
        executors,
        heap,
        java,
        extraJvmOptions,
        env,
        crashDir,
        startupTimeout,
        maxTasks,
        maxResident,
        maxFrameBytes,
        shutdownGrace,
        interrupt,
        storageMax,
        inboundMax,
        address);
  }

  private static Optional<Duration> seconds(OptionalLong value) {
    return value.isPresent()
        ? Optional.of(Duration.ofSeconds(value.getAsLong()))
        : Optional.empty();
  }

  private static int messageLimit(YamlSection jvm, String name, int fallback)
      throws WorkerConfigException {
    return (int)
        jvm.optionalInteger(name, MIN_MESSAGE_BYTES, Integer.MAX_VALUE, "bytes of one message")
            .orElse(fallback);
  }

  /**
   * {@code advertised_address}: storage parses it as an IP address and refuses host names and
   * scoped IPv6 literals with INVALID_ARGUMENT, which the client would otherwise take for an
   * unreachable storage (docs/cluster.md).
   */
  private static Optional<InetAddress> advertisedAddress(YamlSection jvm)
      throws WorkerConfigException {
    Optional<String> text = jvm.optionalText("advertised_address", "an IP address like 0.0.0.0");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String address = text.get();
    if (address.contains("%")) {
      throw jvm.error(
          "advertised_address",
          "'" + address + "' has a scope id, which storage refuses; drop the %... part");
    }
    if (!InetAddresses.isInetAddress(address)) {
      throw jvm.error(
          "advertised_address",
          "'"
              + address
              + "' is not an IP address; storage accepts only IP literals (upstream sends"
              + " 0.0.0.0)");
    }
    InetAddress parsed = InetAddresses.forString(address);
    if (parsed instanceof Inet6Address v6 && v6.getScopeId() != 0) {
      throw jvm.error(
          "advertised_address", "'" + address + "' has a scope id, which storage refuses");
    }
    return Optional.of(parsed);
  }
}
