package dev.spider.cli.worker;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
    try (ZipInputStream zip =
        new ZipInputStream(Files.newInputStream(resource("sample-packages.zip")))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (!entry.getName().startsWith("packages/") || entry.isDirectory()) {
          continue;
        }
        Path file = packages.resolve(entry.getName().substring("packages/".length())).normalize();
        if (!file.startsWith(packages)) {
          throw new IOException("zip entry escapes its directory: " + entry.getName());
        }
        Files.createDirectories(file.getParent());
        Files.copy(zip, file); // reads this entry only, and leaves the zip open
      }
    }
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
