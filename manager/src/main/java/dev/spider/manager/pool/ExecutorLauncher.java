package dev.spider.manager.pool;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExecutorEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts executor processes: the canonical command line and the environment of docs/process-pool.md
 * ("Spawning"), nothing inherited beyond it, with the default collector and initial heap of {@link
 * CanonicalCommandLine#defaultOptions} and the executors' class-data archive once it is ready
 * ({@link ClassDataArchive}, built in the background on the first launch). Immutable and
 * thread-safe; the environment is read from the manager's once, when the launcher is made.
 */
final class ExecutorLauncher {

  private static final Logger log = LoggerFactory.getLogger(ExecutorLauncher.class);

  private static final List<String> BASE_ENVIRONMENT =
      List.of(PoolConfig.BASE_ENVIRONMENT.split(" "));

  private final PoolConfig config;
  private final Path crashDir;
  private final Map<String, String> environment;
  private final ClassDataArchive archive;
  private final AtomicInteger executorIds = new AtomicInteger();

  ExecutorLauncher(PoolConfig config, Path crashDir) {
    this.config = Objects.requireNonNull(config, "config");
    this.crashDir = Objects.requireNonNull(crashDir, "crashDir");
    this.environment = environment(config);
    this.archive = ClassDataArchive.of(config);
  }

  /**
   * Starts an executor, the pool's next ({@code executor-1}, {@code executor-2}, ... for slots and
   * spares alike); its Hello is awaited separately.
   *
   * @throws StartupFailure when the process cannot be started, naming the binary and the jar
   */
  ExecutorHandle launch() throws StartupFailure {
    String executorId = "executor-" + executorIds.incrementAndGet();
    List<String> jvmOptions = jvmOptions(config, archive.jvmOptions(config, environment));
    ProcessBuilder builder =
        new ProcessBuilder(
            CanonicalCommandLine.of(
                config.javaBinary(), config.heap(), crashDir, jvmOptions, config.executorJar()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw StartupFailure.cannotSpawn(
          executorId,
          "cannot spawn "
              + config.javaBinary()
              + " for "
              + config.executorJar()
              + ": "
              + e.getMessage());
    }
    log.info("[{}] started executor pid {}", executorId, process.pid());
    try {
      return new ExecutorHandle(executorId, process, config, crashDir);
    } catch (RuntimeException | Error e) {
      // Its threads could not start (a thread limit, say): nobody else owns the process yet.
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * The JVM options of an executor after the canonical flags and {@code -Xmx}: the defaults of
   * {@link CanonicalCommandLine#defaultOptions} and {@link NativeHeapTrim}, then {@code sharing}
   * (the class-data archive's), then the extra options, so that an extra option overrides either.
   */
  static List<String> jvmOptions(PoolConfig config, List<String> sharing) {
    List<String> options =
        new ArrayList<>(
            CanonicalCommandLine.defaultOptions(config.heap(), config.extraJvmOptions()));
    options.addAll(NativeHeapTrim.options(config.javaBinary(), config.extraJvmOptions()));
    options.addAll(sharing);
    options.addAll(config.extraJvmOptions());
    return List.copyOf(options);
  }

  private static Map<String, String> environment(PoolConfig config) {
    Map<String, String> env = new HashMap<>();
    for (String name : BASE_ENVIRONMENT) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    for (String name : config.inheritedEnvironment()) {
      String value = System.getenv(name);
      if (value == null) {
        log.warn(
            "environment variable {} is to be passed to executors but is not set in the manager",
            name);
      } else {
        env.put(name, value);
      }
    }
    env.putAll(config.environment());
    env.put(ExecutorEnvironment.PACKAGE_DIR, config.packageDir().toAbsolutePath().toString());
    env.put(ExecutorEnvironment.MAX_FRAME_BYTES, Integer.toString(config.maxFrameBytes()));
    return Map.copyOf(env);
  }
}
