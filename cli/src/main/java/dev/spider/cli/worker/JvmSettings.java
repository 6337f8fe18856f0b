package dev.spider.cli.worker;

import com.google.common.net.InetAddresses;
import dev.spider.cli.PassedEnvironment;
import dev.spider.manager.grpc.GrpcClusterConfig;
import dev.spider.manager.pool.PoolConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code jvm} section of {@code worker.yaml}: settings only the Java worker has. Upstream's
 * serde reader ignores unknown keys, so one file serves both workers. Every setting is optional;
 * the defaults are in {@link #DEFAULTS}.
 *
 * @param executors {@code executors}: executor processes, so tasks run at once (default 1, like
 *     upstream's execution manager, which runs one task at a time)
 * @param heap {@code heap}: {@code -Xmx} of each executor
 * @param java {@code java}: the {@code java} executors run with (default: this JVM's)
 * @param extraJvmOptions {@code extra_jvm_options}: appended to the executors' canonical flags
 *     (options that would undo those are refused)
 * @param env {@code env}: environment variables for executors, each {@code NAME} (this worker's
 *     value) or {@code NAME=VALUE}, as {@code --env} of the other commands (docs/cli.md)
 * @param crashDir {@code crash_dir}: where executors write JVM crash logs (default: a fresh
 *     temporary directory)
 * @param startupTimeout {@code startup_timeout_sec}: how long an executor may take to start
 * @param maxTasksPerExecutor {@code max_tasks_per_executor}: replace an executor after this many
 *     tasks (default: never)
 * @param maxResidentBytes {@code max_resident_bytes}: replace an executor whose resident memory
 *     exceeds this after a task (default: never)
 * @param maxFrameBytes {@code max_frame_bytes}: largest manager ↔ executor frame
 * @param shutdownGrace {@code shutdown_grace_sec}: on SIGINT/SIGTERM, how long running tasks may
 *     take to finish before they are abandoned (reported as failed, to run again elsewhere)
 * @param interruptAtSoftTimeout {@code interrupt_at_soft_timeout}: interrupt a task at its soft
 *     timeout (default false: upstream's soft timeout is a storage-side re-enqueue deadline, and
 *     every task has one, 150 s by default)
 * @param storageMaxMessageBytes {@code storage_max_message_bytes}: the largest request storage
 *     accepts; larger task outputs are reported as a deterministic failure instead of being lost
 * @param inboundMaxMessageBytes {@code inbound_max_message_bytes}: the largest reply this worker
 *     accepts (storage sends task inputs inline)
 * @param advertisedAddress {@code advertised_address}: the IP literal registered with storage
 *     (default {@code 0.0.0.0}, as upstream)
 */
record JvmSettings(
    int executors,
    String heap,
    Optional<Path> java,
    List<String> extraJvmOptions,
    PassedEnvironment env,
    Optional<Path> crashDir,
    Duration startupTimeout,
    OptionalLong maxTasksPerExecutor,
    OptionalLong maxResidentBytes,
    int maxFrameBytes,
    Duration shutdownGrace,
    boolean interruptAtSoftTimeout,
    int storageMaxMessageBytes,
    int inboundMaxMessageBytes,
    InetAddress advertisedAddress) {

  /** {@code 0.0.0.0}: what upstream's execution manager registers with (a placeholder). */
  static final InetAddress UNSPECIFIED_ADDRESS = InetAddresses.forString("0.0.0.0");

  /**
   * Every setting at its default: what a {@code worker.yaml} without a {@code jvm} section gets.
   */
  static final JvmSettings DEFAULTS =
      new JvmSettings(
          1,
          PoolConfig.DEFAULT_HEAP,
          Optional.empty(),
          List.of(),
          PassedEnvironment.NONE,
          Optional.empty(),
          Duration.ofSeconds(30),
          OptionalLong.empty(),
          OptionalLong.empty(),
          PoolConfig.DEFAULT_MAX_FRAME_BYTES,
          // Compose stops a worker with a 60 s grace period: 30 s for tasks leaves room for the
          // report drain and the scheduler Shutdown before the SIGKILL.
          Duration.ofSeconds(30),
          false,
          GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
          GrpcClusterConfig.DEFAULT_INBOUND_MAX_MESSAGE_BYTES,
          UNSPECIFIED_ADDRESS);

  JvmSettings {
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(java, "java");
    extraJvmOptions = List.copyOf(extraJvmOptions);
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(crashDir, "crashDir");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(maxTasksPerExecutor, "maxTasksPerExecutor");
    Objects.requireNonNull(maxResidentBytes, "maxResidentBytes");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(advertisedAddress, "advertisedAddress");
  }
}
