package dev.spider.cli.worker;

import dev.spider.cli.Installation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executor and the sample packages this module bundles (copied into its classes by the build),
 * laid out for worker tests: an executor launcher directory as an installation has it, and a
 * package directory. Stateless.
 */
final class Bundled {

  private static final String BUNDLED = "/dev/spider/cli/bundled/";

  private Bundled() {}

  /**
   * A launcher directory under {@code dir}: a {@code spider-executor} script and, beside it, a link
   * to the bundled {@code spider-executor.jar}.
   *
   * @return the launcher, for {@code task_executor.bin_path}
   */
  static Path launcher(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("executor-bin"));
    Files.createSymbolicLink(
        bin.resolve(ExecutorJarResolver.JAR_NAME), resource("spider-executor.jar"));
    return Files.writeString(
        bin.resolve("spider-executor"),
        "#!/bin/sh\nexec java -jar \"$(dirname \"$0\")/spider-executor.jar\"\n");
  }

  /** The sample packages, unpacked into {@code dir/packages}. */
  static Path packages(Path dir) throws IOException {
    Path packages = Files.createDirectories(dir.resolve("packages"));
    Installation.unpackSamplePackages(packages);
    return packages;
  }

  private static Path resource(String name) throws IOException {
    URL url = Bundled.class.getResource(BUNDLED + name);
    if (url == null) {
      throw new IOException(
          BUNDLED + name + " is not on the test class path: build the cli module with Maven");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot turn " + url + " into a path", e);
    }
  }
}
