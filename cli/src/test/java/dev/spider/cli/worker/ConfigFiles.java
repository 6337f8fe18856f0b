package dev.spider.cli.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code worker.yaml} texts for tests: upstream's compose configuration with the paths pointed at a
 * temporary directory, and helpers to write them. Stateless.
 */
final class ConfigFiles {

  /**
   * What upstream's compose file generates ({@code configs/worker.yaml} with the {@code
   * .env.example} values), {@code @PACKAGES@} standing for the package directory and {@code
   * bin_path} left out (the bundled executor).
   */
  static final String COMPOSE =
      """
      storage:
        host: spider-storage
        port: 50051
      scheduler:
        host: spider-scheduler
        port: 50052
      liveness:
        storage_heartbeat_interval_sec: 1
        scheduler_heartbeat_interval_sec: 1
      connection_pool_size: 4
      scheduler_poll_wait_ms: 1000
      task_executor:
        package_dir: @PACKAGES@
        max_log_line_bytes: 65536
        inherited_env: []
      """;

  private ConfigFiles() {}

  /**
   * A configuration for a {@link FakeCluster} on {@code port}: the scheduler long poll held for a
   * minute (so an acknowledgement is still pending when a test stops the worker), the storage
   * heartbeat once an hour (so any other heartbeat is a refresh), one small executor.
   */
  static String forCluster(int port, Path launcher, Path packages) {
    return """
        storage: {host: 127.0.0.1, port: %d}
        scheduler: {host: 127.0.0.1, port: %d}
        liveness:
          storage_heartbeat_interval_sec: 3600
          scheduler_heartbeat_interval_sec: 1
        connection_pool_size: 1
        scheduler_poll_wait_ms: 60000
        task_executor:
          bin_path: %s
          package_dir: %s
        jvm:
          heap: 64m
          shutdown_grace_sec: 5
        """
        .formatted(port, port, launcher, packages);
  }

  /** {@code text} with {@code @PACKAGES@} replaced by {@code packages}. */
  static String with(String text, Path packages) {
    return text.replace("@PACKAGES@", packages.toString());
  }

  /** Writes {@code text} (placeholders replaced) to {@code dir/worker.yaml}. */
  static Path write(Path dir, String text, Path packages) throws IOException {
    Path file = dir.resolve("worker.yaml");
    Files.writeString(file, with(text, packages));
    return file;
  }

  /** A parsed configuration and the warnings given while parsing it. */
  record Parsed(WorkerConfig config, List<String> warnings) {}

  /**
   * Parses {@code text} as if read from {@code dir/worker.yaml}, {@code @PACKAGES@} standing for
   * {@code dir}.
   */
  static Parsed parse(Path dir, String text) throws WorkerConfigException {
    List<String> warnings = new ArrayList<>();
    WorkerConfig config =
        WorkerConfigReader.parse(dir.resolve("worker.yaml"), with(text, dir), warnings::add);
    return new Parsed(config, List.copyOf(warnings));
  }
}
