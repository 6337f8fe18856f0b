package dev.spider.cli.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the executor jar that {@code task_executor.bin_path} stands for. Upstream's key names the
 * executor binary; here it names the Java executor launcher ({@code spider-executor}), a script
 * that runs the {@code spider-executor.jar} beside it under the canonical command line. The pool
 * spawns that command line itself (docs/frame-protocol.md), so what it needs is the jar: looked for
 * beside the path as written (where the launcher looks, since it resolves its own directory from
 * {@code $0}), then beside the path with symbolic links resolved (a launcher linked into {@code
 * /usr/local/bin}). A path naming a {@code .jar} is taken as is.
 *
 * <p>Stateless.
 */
final class ExecutorJarResolver {

  /** The jar the launcher runs, beside it. */
  static final String JAR_NAME = "spider-executor.jar";

  private static final Logger log = LoggerFactory.getLogger(ExecutorJarResolver.class);

  private static final String KEY = "task_executor.bin_path";

  private ExecutorJarResolver() {}

  /**
   * The executor jar for {@code binPath}.
   *
   * @param file the configuration file, for messages
   * @param line the line of {@code bin_path} in it, when known
   * @throws WorkerConfigException when {@code binPath} does not exist, or no jar is beside it
   */
  static Path resolve(Path file, OptionalInt line, Path binPath) throws WorkerConfigException {
    if (!Files.exists(binPath)) {
      throw error(
          file,
          line,
          binPath
              + " does not exist; give the Java executor launcher (spider-executor, with "
              + JAR_NAME
              + " beside it), or leave the key out to use the executor bundled in spider.jar");
    }
    if (Files.isDirectory(binPath)) {
      throw error(
          file, line, binPath + " is a directory; give the launcher file (spider-executor) in it");
    }
    if (binPath.getFileName().toString().endsWith(".jar")) {
      return binPath;
    }
    List<Path> looked = new ArrayList<>();
    for (Path dir : directories(binPath)) {
      Path jar = dir.resolve(JAR_NAME);
      looked.add(jar);
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw error(
        file,
        line,
        "no "
            + JAR_NAME
            + " beside "
            + binPath
            + " (looked for "
            + looked
            + "): bin_path must name the Java executor launcher, which runs the jar next to it;"
            + " upstream's Rust spider-task-executor cannot run Java packages. Leave the key out"
            + " to use the executor bundled in spider.jar");
  }

  /** The launcher's directory as written, then with links resolved, without repeats. */
  private static Set<Path> directories(Path binPath) {
    Set<Path> dirs = new LinkedHashSet<>();
    Path absolute = binPath.toAbsolutePath();
    dirs.add(absolute.getParent());
    try {
      Path real = binPath.toRealPath();
      dirs.add(real.getParent());
    } catch (IOException e) {
      // It exists (checked above), so a parent directory is unreadable or it just went away: the
      // directory as written is still looked at, which is where the launcher itself looks.
      log.debug("cannot resolve the links of {}: {}", binPath, e.toString());
    }
    return dirs;
  }

  private static WorkerConfigException error(Path file, OptionalInt line, String problem) {
    return new WorkerConfigException(file, line, Optional.of(KEY), problem);
  }
}
