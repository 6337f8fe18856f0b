package dev.spider.cli.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code task_executor} section of {@code worker.yaml}: what upstream's execution manager
 * passes to its executors, each key meaning what it means there.
 *
 * @param executor {@code bin_path}: the executor launcher ({@code spider-executor}) and the {@code
 *     spider-executor.jar} beside it that it runs; or, without the key, the executor bundled in
 *     {@code spider.jar} (upstream requires the key; the bundled executor makes it optional here)
 * @param packageDir {@code package_dir}: the package directory, the executors' {@code
 *     SPIDER_TDL_PACKAGE_DIR}
 * @param maxLogLineBytes {@code max_log_line_bytes}: executor output lines longer than this are
 *     dropped (default 65536, as upstream); at least {@link #MIN_MAX_LOG_LINE_BYTES}, to which a
 *     smaller positive value in the file is raised
 * @param inheritedEnv {@code inherited_env}: names of this worker's environment variables passed on
 *     to executors
 */
record TaskExecutorSettings(
    ExecutorSource executor, Path packageDir, int maxLogLineBytes, List<String> inheritedEnv) {

  /** Upstream's default of {@code max_log_line_bytes}. */
  static final int DEFAULT_MAX_LOG_LINE_BYTES = 65536;

  /**
   * The smallest {@code max_log_line_bytes} the pool accepts ({@code PoolConfig}; a line shorter
   * than this could not even hold a stack-trace frame). Upstream takes any positive value: a
   * smaller one in {@code worker.yaml} is raised to this, with a warning.
   */
  static final int MIN_MAX_LOG_LINE_BYTES = 80;

  TaskExecutorSettings {
    if (maxLogLineBytes < MIN_MAX_LOG_LINE_BYTES) {
      throw new IllegalArgumentException(
          "max_log_line_bytes must be at least "
              + MIN_MAX_LOG_LINE_BYTES
              + ", got "
              + maxLogLineBytes);
    }
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(packageDir, "packageDir");
    inheritedEnv = List.copyOf(inheritedEnv);
  }
}
