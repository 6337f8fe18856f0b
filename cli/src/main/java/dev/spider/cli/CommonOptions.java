package dev.spider.cli;

import dev.spider.manager.pool.PoolConfig;
import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExecutorEnvironment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command that runs executors shares: which executor, its heap, what reaches it from
 * the user's environment ({@code --env}) and extra JVM options (docs/cli.md, "Executors'
 * environment").
 *
 * <p>Not thread-safe: picocli fills its fields, then its command reads them.
 */
final class CommonOptions {

  /** The package directory when no {@code --packages} is given: Spider's own variable. */
  static final String PACKAGE_DIR_ENV = ExecutorEnvironment.PACKAGE_DIR;

  @Option(
      names = "--executor-jar",
      paramLabel = "JAR",
      description =
          "the executor jar (default: $SPIDER_EXECUTOR_JAR, else the one inside spider.jar)")
  Path executorJar;

  // The default is the field's initial value (picocli shows it as ${DEFAULT-VALUE}): it comes
  // from the build, so it is not a compile-time constant an annotation could hold.
  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description = "maximum heap of each executor, an -Xmx value (default: ${DEFAULT-VALUE})")
  String heap = PoolConfig.DEFAULT_HEAP;

  @Option(
      names = "--env",
      paramLabel = "NAME[=VALUE]",
      description = {
        "pass an environment variable to executors, repeatable: NAME passes this"
            + " environment's value, NAME=VALUE sets one. Without it executors get only "
            + PoolConfig.BASE_ENVIRONMENT
            + " (when set here), plus SPIDER_TDL_PACKAGE_DIR and SPIDER_MAX_FRAME_BYTES"
      })
  List<String> env = new ArrayList<>();

  @Option(
      names = "--executor-jvm-option",
      paramLabel = "OPTION",
      description =
          "an extra JVM option for executors, repeatable, e.g. -Dkey=value or -XX:+UseSerialGC"
              + " (options that would undo the executors' fixed flags are refused)")
  List<String> executorJvmOptions = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "log what the manager and executors do, on stderr")
  boolean verbose;

  /** The command this mixin is part of: where warnings go. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The executor heap, checked: an {@code -Xmx} value such as 512m or 2g. */
  String heap() throws UsageException {
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new UsageException(
          "--heap " + heap + " is not a heap size: use a value like 512m or 2g");
    }
    return heap;
  }

  Path executorJar() throws UsageException {
    return Installation.executorJar(Optional.ofNullable(executorJar));
  }

  /**
   * A pool configuration over {@code packageDir} with every option of this mixin applied: executor
   * jar, heap, environment and JVM options. A variable named in {@code --env} but unset here draws
   * a warning on stderr: executors will not get it.
   */
  PoolConfig.Builder pool(Path packageDir) throws UsageException {
    PassedEnvironment passed = environment();
    warnUnset(passed, System::getenv, command.commandLine().getErr());
    return passed
        .applyTo(PoolConfig.builder(executorJar(), packageDir))
        .heap(heap())
        .extraJvmOptions(jvmOptions());
  }

  /** {@code --env}, checked. */
  PassedEnvironment environment() throws UsageException {
    try {
      return PassedEnvironment.parse(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--env " + e.getMessage(), e);
    }
  }

  /** {@code --executor-jvm-option}, checked against the canonical flags. */
  List<String> jvmOptions() throws UsageException {
    for (String option : executorJvmOptions) {
      if (CanonicalCommandLine.undoesFixedFlags(option)) {
        throw new UsageException(
            "--executor-jvm-option "
                + option
                + " would undo the executors' fixed flags, which keep the protocol stdout clean"
                + " and crashes contained; -Xlog options must name stderr or a file as output");
      }
    }
    return List.copyOf(executorJvmOptions);
  }

  static void warnUnset(
      PassedEnvironment passed, UnaryOperator<String> environment, PrintWriter err) {
    for (String name : passed.unset(environment)) {
      err.println(
          "spider: warning: --env "
              + name
              + " names a variable that is not set here; executors will not get it");
    }
  }

  /**
   * The package directory: {@code --packages} when given, else {@code $SPIDER_TDL_PACKAGE_DIR}; it
   * must exist.
   */
  static Path packageDir(Path dir) throws UsageException {
    return packageDir(dir, System::getenv);
  }

  static Path packageDir(Path flag, UnaryOperator<String> environment) throws UsageException {
    String fromEnv = environment.apply(PACKAGE_DIR_ENV);
    Path dir = flag;
    String source = "--packages";
    if (dir == null && fromEnv != null && !fromEnv.isBlank()) {
      dir = Path.of(fromEnv);
      source = PACKAGE_DIR_ENV;
    }
    if (dir == null) {
      throw new UsageException(
          "no package directory: pass --packages DIR or set " + PACKAGE_DIR_ENV);
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "package directory "
              + dir
              + " (from "
              + source
              + ") does not exist; pass the directory holding one sub-directory per package"
              + " (the build's samples are in sample-tasks/target/packages)");
    }
    return dir;
  }
}
