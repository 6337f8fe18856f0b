package dev.spider.cli.worker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which executor a worker runs, from {@code task_executor.bin_path}: the jar beside a launcher the
 * file names, or — when the key is left out — the executor the other commands use (docs/cli.md).
 *
 * <p>Immutable.
 */
sealed interface ExecutorSource permits ExecutorSource.Launcher, ExecutorSource.Bundled {

  /**
   * {@code bin_path} names a launcher; {@code jar} is the {@code spider-executor.jar} it runs.
   *
   * @param binPath the path as written
   * @param jar the jar found for it ({@link ExecutorJarResolver})
   */
  record Launcher(Path binPath, Path jar) implements ExecutorSource {
    public Launcher {
      Objects.requireNonNull(binPath, "binPath");
      Objects.requireNonNull(jar, "jar");
    }
  }

  /** No {@code bin_path}: {@code $SPIDER_EXECUTOR_JAR}, else the executor inside spider.jar. */
  record Bundled() implements ExecutorSource {}
}
