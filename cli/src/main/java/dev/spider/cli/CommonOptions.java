package dev.spider.cli;

import dev.spider.manager.pool.PoolConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every command that runs executors shares.
 *
 * <p>Not thread-safe: picocli fills its fields, then its command reads them.
 */
final class CommonOptions {

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
      names = {"-v", "--verbose"},
      description = "log what the manager and executors do, on stderr")
  boolean verbose;

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

  /** A package directory given on the command line, which must exist. */
  static Path packageDir(Path dir) throws UsageException {
    if (dir == null) {
      throw new UsageException("no package directory: pass --packages DIR");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "package directory "
              + dir
              + " does not exist; pass the directory holding one sub-directory per package"
              + " (the build's samples are in sample-tasks/target/packages)");
    }
    return dir;
  }
}
