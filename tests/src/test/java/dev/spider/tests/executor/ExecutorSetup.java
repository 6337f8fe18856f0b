package dev.spider.tests.executor;

import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a test starts an executor under the canonical command line (docs/frame-protocol.md, "Running
 * an executor"): its package directory (or none, to see that refused), extra environment and
 * working directory. The command line comes from the contract's {@link CanonicalCommandLine}, so
 * the tests run exactly what the manager runs.
 *
 * <p>Immutable; thread-safe.
 *
 * @param packageDir the executor's {@code SPIDER_TDL_PACKAGE_DIR}; empty leaves it unset
 * @param environment variables set on top of the test JVM's environment, last
 * @param workingDir the executor's working directory; empty inherits the test JVM's
 */
public record ExecutorSetup(
    Optional<Path> packageDir, Map<String, String> environment, Optional<Path> workingDir) {

  /** The executor's log level: debug logs each task's start, which tests wait for. */
  private static final String LOG_LEVEL = "debug";

  public ExecutorSetup {
    environment = Map.copyOf(environment);
  }

  /** An executor over the staged sample packages. */
  public static ExecutorSetup samplePackages() {
    return over(TestEnvironment.packagesDir());
  }

  /** An executor over {@code packageDir}. */
  public static ExecutorSetup over(Path packageDir) {
    return new ExecutorSetup(Optional.of(packageDir), Map.of(), Optional.empty());
  }

  /** An executor started without {@code SPIDER_TDL_PACKAGE_DIR}. */
  public static ExecutorSetup withoutPackageDir() {
    return new ExecutorSetup(Optional.empty(), Map.of(), Optional.empty());
  }

  /** This setup with environment variable {@code name} set to {@code value}. */
  public ExecutorSetup with(String name, String value) {
    Map<String, String> more = new HashMap<>(environment);
    more.put(name, value);
    return new ExecutorSetup(packageDir, more, workingDir);
  }

  /** This setup with {@code dir} as the executor's working directory. */
  public ExecutorSetup in(Path dir) {
    return new ExecutorSetup(packageDir, environment, Optional.of(dir));
  }

  /**
   * The maximum frame size the executor will use: the one this setup configures if the executor
   * accepts it, else the default. The test end reads with the same maximum, as the manager does.
   */
  int maxFrameBytes() {
    String configured = environment.get(ExecutorEnvironment.MAX_FRAME_BYTES);
    if (configured != null && configured.matches("[0-9]{1,10}")) {
      long value = Long.parseLong(configured);
      if (FrameLimits.isValidMaximum(value)) {
        return (int) value;
      }
    }
    return FrameLimits.DEFAULT_MAX_FRAME_BYTES;
  }

  /** The process to start, with crash logs going to {@code crashDir}. */
  ProcessBuilder processBuilder(Path crashDir) {
    ProcessBuilder builder =
        new ProcessBuilder(
            CanonicalCommandLine.of(
                TestEnvironment.javaBinary(),
                TestEnvironment.EXECUTOR_HEAP,
                crashDir,
                List.of(),
                TestEnvironment.executorJar()));
    workingDir.ifPresent(dir -> builder.directory(dir.toFile()));
    Map<String, String> env = builder.environment();
    // Whatever the test JVM was started with must not decide what the executor sees.
    env.remove(SamplePackages.INIT_SHOULD_FAIL_ENV);
    env.remove(ExecutorEnvironment.PACKAGE_DIR);
    packageDir.ifPresent(dir -> env.put(ExecutorEnvironment.PACKAGE_DIR, dir.toString()));
    env.put(ExecutorEnvironment.LOG_LEVEL, LOG_LEVEL);
    env.putAll(environment);
    return builder;
  }
}
