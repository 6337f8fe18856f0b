package dev.spider.manager.pool;

import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.process.CanonicalCommandLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the pool needs to spawn and manage executors. Build with {@link #builder(Path, Path)};
 * every setting has a sane default except the executor jar and the package directory.
 *
 * @param executorJar the self-contained {@code spider-executor.jar}; run as {@code -cp <jar>
 *     dev.spider.executor.ExecutorMain} (docs/frame-protocol.md, "Running an executor")
 * @param packageDir the package directory ({@code SPIDER_TDL_PACKAGE_DIR} of the executors)
 * @param size number of executors (slots), default: available processors
 * @param spares warm spare executors kept beside the slots, from 0 (none) to {@code size}, default
 *     1: a slot whose executor dies takes a spare at once (docs/process-pool.md, "The spare")
 * @param javaBinary the {@code java} to run executors with, default: this JVM's
 * @param heap executor {@code -Xmx} value, default {@link CanonicalCommandLine#DEFAULT_HEAP}
 * @param crashDir where executors write JVM crash logs, default: a fresh temporary directory
 * @param extraJvmOptions appended after the canonical flags (which are not optional)
 * @param inheritedEnvironment names of the manager's environment variables passed to executors
 * @param environment further variables set for executors (after the inherited ones)
 * @param maxFrameBytes maximum frame size, passed to executors as {@code SPIDER_MAX_FRAME_BYTES}
 * @param startupTimeout how long an executor may take to send its Hello
 * @param shutdownGrace how long {@link ExecutorPool#close()} waits after Shutdown before killing
 * @param maxTasksPerExecutor replace an executor after this many tasks (recycling)
 * @param maxResidentBytes replace an executor whose resident memory exceeds this after a task
 * @param maxLogLineBytes stderr lines longer than this are dropped (with one warning each)
 * @param stderrTailLines how many stderr lines a crash report keeps
 * @param logSink where executors' stderr lines go, default: the manager's log
 */
public record PoolConfig(
    Path executorJar,
    Path packageDir,
    int size,
    int spares,
    Path javaBinary,
    String heap,
    Optional<Path> crashDir,
    List<String> extraJvmOptions,
    List<String> inheritedEnvironment,
    Map<String, String> environment,
    int maxFrameBytes,
    Duration startupTimeout,
    Duration shutdownGrace,
    OptionalLong maxTasksPerExecutor,
    OptionalLong maxResidentBytes,
    int maxLogLineBytes,
    int stderrTailLines,
    ExecutorLogSink logSink) {

  /**
   * The manager's variables every executor gets when they are set, space-separated: a constant
   * string so that command-line help can quote the one list the launcher uses.
   */
  public static final String BASE_ENVIRONMENT = "PATH HOME LANG LC_ALL TMPDIR TZ";

  public static final String DEFAULT_HEAP = CanonicalCommandLine.DEFAULT_HEAP;
  public static final int DEFAULT_MAX_FRAME_BYTES = FrameLimits.DEFAULT_MAX_FRAME_BYTES;

  public PoolConfig {
    Objects.requireNonNull(executorJar, "executorJar");
    Objects.requireNonNull(packageDir, "packageDir");
    Objects.requireNonNull(javaBinary, "javaBinary");
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(crashDir, "crashDir");
    extraJvmOptions = List.copyOf(extraJvmOptions);
    inheritedEnvironment = List.copyOf(inheritedEnvironment);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(logSink, "logSink");
    require(size >= 1, "pool size must be at least 1, got " + size);
    require(
        spares >= 0 && spares <= size,
        "spares must be from 0 (none) to the pool size " + size + ", got " + spares);
    require(
        CanonicalCommandLine.isHeapSize(heap),
        "heap must be an -Xmx value like 512m, of at most 8589934591g, got '" + heap + "'");
    require(
        FrameLimits.isValidMaximum(maxFrameBytes),
        "maximum frame size must be in "
            + FrameLimits.validRange()
            + " bytes, got "
            + maxFrameBytes);
    require(
        !startupTimeout.isNegative() && !startupTimeout.isZero(),
        "startup timeout must be positive");
    require(!shutdownGrace.isNegative(), "shutdown grace must not be negative");
    maxTasksPerExecutor.ifPresent(
        n -> require(n >= 1, "max tasks per executor must be at least 1, got " + n));
    maxResidentBytes.ifPresent(
        n -> require(n >= 1, "max resident bytes must be positive, got " + n));
    require(
        maxLogLineBytes >= 80, "max log line must be at least 80 bytes, got " + maxLogLineBytes);
    require(stderrTailLines >= 1, "stderr tail must keep at least one line");
    for (String option : extraJvmOptions) {
      require(
          !CanonicalCommandLine.undoesFixedFlags(option),
          "extra JVM option "
              + option
              + " would undo the canonical flags that keep the protocol stdout"
              + " clean and crashes contained; -Xlog options must name stderr or a file as output");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder(Path executorJar, Path packageDir) {
    return new Builder(executorJar, packageDir);
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private final Path executorJar;
    private final Path packageDir;
    private int size = Runtime.getRuntime().availableProcessors();
    private int spares = 1;
    private Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    private String heap = DEFAULT_HEAP;
    private Optional<Path> crashDir = Optional.empty();
    private List<String> extraJvmOptions = List.of();
    private List<String> inheritedEnvironment = List.of();
    private Map<String, String> environment = Map.of();
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private Duration startupTimeout = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private OptionalLong maxTasksPerExecutor = OptionalLong.empty();
    private OptionalLong maxResidentBytes = OptionalLong.empty();
    private int maxLogLineBytes = 64 << 10;
    private int stderrTailLines = 40;
    private ExecutorLogSink logSink = ExecutorLogSink.LOG;

    private Builder(Path executorJar, Path packageDir) {
      this.executorJar = executorJar;
      this.packageDir = packageDir;
    }

    public Builder size(int size) {
      this.size = size;
      return this;
    }

    /** Warm spare executors, 0 to disable; at most the pool size. */
    public Builder spares(int spares) {
      this.spares = spares;
      return this;
    }

    public Builder javaBinary(Path javaBinary) {
      this.javaBinary = javaBinary;
      return this;
    }

    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    public Builder crashDir(Path crashDir) {
      this.crashDir = Optional.of(crashDir);
      return this;
    }

    public Builder extraJvmOptions(List<String> options) {
      this.extraJvmOptions = options;
      return this;
    }

    public Builder inheritedEnvironment(List<String> names) {
      this.inheritedEnvironment = names;
      return this;
    }

    public Builder environment(Map<String, String> variables) {
      this.environment = variables;
      return this;
    }

    public Builder maxFrameBytes(int bytes) {
      this.maxFrameBytes = bytes;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public Builder maxTasksPerExecutor(long tasks) {
      this.maxTasksPerExecutor = OptionalLong.of(tasks);
      return this;
    }

    public Builder maxResidentBytes(long bytes) {
      this.maxResidentBytes = OptionalLong.of(bytes);
      return this;
    }

    public Builder maxLogLineBytes(int bytes) {
      this.maxLogLineBytes = bytes;
      return this;
    }

    public Builder stderrTailLines(int lines) {
      this.stderrTailLines = lines;
      return this;
    }

    public Builder logSink(ExecutorLogSink sink) {
      this.logSink = sink;
      return this;
    }

    public PoolConfig build() {
      return new PoolConfig(
          executorJar,
          packageDir,
          size,
          spares,
          javaBinary,
          heap,
          crashDir,
          extraJvmOptions,
          inheritedEnvironment,
          environment,
          maxFrameBytes,
          startupTimeout,
          shutdownGrace,
          maxTasksPerExecutor,
          maxResidentBytes,
          maxLogLineBytes,
          stderrTailLines,
          logSink);
    }
  }
}
