package dev.spider.cli.worker;

import com.google.common.net.HostAndPort;
import dev.spider.manager.grpc.GrpcClusterConfig;
import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.runtime.RuntimeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A checked {@code worker.yaml}: upstream's keys (docs/cli.md, "spider worker"), each meaning what
 * it means to upstream's execution manager, plus the Java-only {@code jvm} section. {@link
 * WorkerConfigReader} makes one; the methods below turn it into the settings of the gRPC clients,
 * the runtime and the executor pool.
 *
 * @param file where it was read from, for messages
 * @param storage {@code storage.host}, {@code storage.port}
 * @param scheduler {@code scheduler.host}, {@code scheduler.port}
 * @param storageHeartbeatInterval {@code liveness.storage_heartbeat_interval_sec}
 * @param schedulerHeartbeatInterval {@code liveness.scheduler_heartbeat_interval_sec}
 * @param connectionPoolSize {@code connection_pool_size}: gRPC channels per service
 * @param schedulerPollWait {@code scheduler_poll_wait_ms}: how long one long poll may wait
 * @param taskExecutor the {@code task_executor} section
 * @param jvm the {@code jvm} section, or its defaults
 */
record WorkerConfig(
    Path file,
    HostAndPort storage,
    HostAndPort scheduler,
    Duration storageHeartbeatInterval,
    Duration schedulerHeartbeatInterval,
    int connectionPoolSize,
    Duration schedulerPollWait,
    TaskExecutorSettings taskExecutor,
    JvmSettings jvm) {

  /**
   * Upstream's execution manager forwards its log filter to executors; native Rust packages read
   * it.
   */
  static final String RUST_LOG = "RUST_LOG";

  WorkerConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(storageHeartbeatInterval, "storageHeartbeatInterval");
    Objects.requireNonNull(schedulerHeartbeatInterval, "schedulerHeartbeatInterval");
    Objects.requireNonNull(schedulerPollWait, "schedulerPollWait");
    Objects.requireNonNull(taskExecutor, "taskExecutor");
    Objects.requireNonNull(jvm, "jvm");
  }

  /** The gRPC clients' settings. */
  GrpcClusterConfig grpcCluster() {
    return new GrpcClusterConfig(
        storage,
        scheduler,
        connectionPoolSize,
        jvm.interruptAtSoftTimeout(),
        jvm.storageMaxMessageBytes(),
        jvm.inboundMaxMessageBytes(),
        GrpcClusterConfig.DEFAULT_CALL_DEADLINE,
        GrpcClusterConfig.DEFAULT_REGISTRATION_DEADLINE);
  }

  /** The runtime's settings. */
  RuntimeConfig runtime() {
    return RuntimeConfig.builder(jvm.advertisedAddress())
        .pollWait(schedulerPollWait)
        .livenessInterval(storageHeartbeatInterval)
        .schedulerHeartbeatInterval(schedulerHeartbeatInterval)
        .shutdownGrace(jvm.shutdownGrace())
        .build();
  }

  /**
   * The names of this worker's variables passed to executors: {@code task_executor.inherited_env},
   * then the names of {@code jvm.env} (a name set to a value there is not inherited).
   */
  List<String> inheritedEnvironment() {
    List<String> inherited = new ArrayList<>();
    for (String name : taskExecutor.inheritedEnv()) {
      if (!inherited.contains(name) && !jvm.env().set().containsKey(name)) {
        inherited.add(name);
      }
    }
    for (String name : jvm.env().inherited()) {
      if (!inherited.contains(name)) {
        inherited.add(name);
      }
    }
    return inherited;
  }

  /**
   * The executor pool's settings.
   *
   * @param executorJar the executor, resolved from {@code task_executor.bin_path} ({@link
   *     ExecutorJarResolver})
   * @param logSink where executors' output lines go
   * @param rustLogSet whether this worker's environment sets {@code RUST_LOG}, which is then passed
   *     on like upstream does
   */
  PoolConfig pool(Path executorJar, ExecutorLogSink logSink, boolean rustLogSet) {
    List<String> inherited = inheritedEnvironment();
    if (rustLogSet && !inherited.contains(RUST_LOG)) {
      inherited.add(RUST_LOG);
    }
    PoolConfig.Builder pool =
        PoolConfig.builder(executorJar, taskExecutor.packageDir())
            .size(jvm.executors())
            .heap(jvm.heap())
            .extraJvmOptions(jvm.extraJvmOptions())
            .inheritedEnvironment(inherited)
            .environment(jvm.env().set())
            .maxFrameBytes(jvm.maxFrameBytes())
            .startupTimeout(jvm.startupTimeout())
            .maxLogLineBytes(taskExecutor.maxLogLineBytes())
            .logSink(logSink);
    jvm.java().ifPresent(pool::javaBinary);
    jvm.crashDir().ifPresent(pool::crashDir);
    jvm.maxTasksPerExecutor().ifPresent(pool::maxTasksPerExecutor);
    jvm.maxResidentBytes().ifPresent(pool::maxResidentBytes);
    return pool.build();
  }
}
