package dev.spider.cli;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.common.io.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Where the CLI finds the executor jar and the demo packages. {@code spider.jar} carries both, so
 * it runs anywhere with just a JDK; they are unpacked once into a directory named after their
 * content hash under the user's cache directory (a changed build gets a fresh directory, a
 * concurrent run finds a complete one: files are unpacked into a staging directory that is renamed
 * into place). Versions no running JVM uses are pruned ({@link InstallationCache}).
 *
 * <p>Stateless; safe for concurrent runs, in this JVM or others.
 */
public final class Installation {

  static final String EXECUTOR_JAR_ENV = "SPIDER_EXECUTOR_JAR";
  private static final String BUNDLED = "/dev/spider/cli/bundled/";

  private Installation() {}

  /**
   * The executor jar: {@code --executor-jar}, else {@code SPIDER_EXECUTOR_JAR}, else the copy
   * bundled in {@code spider.jar}.
   */
  static Path executorJar(Optional<Path> flag) throws UsageException {
    if (flag.isPresent()) {
      return requireFile(flag.get(), "--executor-jar");
    }
    String env = System.getenv(EXECUTOR_JAR_ENV);
    if (env != null && !env.isBlank()) {
      return requireFile(Path.of(env), EXECUTOR_JAR_ENV);
    }
    return unpacked(
            "spider-executor.jar",
            dir -> copyResource("spider-executor.jar", dir.resolve("spider-executor.jar")))
        .resolve("spider-executor.jar");
  }

  /**
   * {@link #executorJar} without a flag, for commands outside this package ({@code spider worker}).
   *
   * @throws IOException when it is missing or cannot be unpacked; the message says what to do
   */
  public static Path defaultExecutorJar() throws IOException {
    try {
      return executorJar(Optional.empty());
    } catch (UsageException | IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The sample packages bundled for the demo, unpacked as a package directory. */
  static Path demoPackages() throws UsageException {
    return unpacked("sample-packages.zip", dir -> unpackSamplePackages(dir.resolve("packages")))
        .resolve("packages");
  }

  private interface Unpacker {
    void unpack(Path directory) throws IOException;
  }

  /**
   * The content-addressed directory holding a bundled resource unpacked, unpacking it first if no
   * run did before.
   */
  private static Path unpacked(String resource, Unpacker unpacker) throws UsageException {
    String hash = hash(resource);
    Path base = InstallationCache.directory(System::getenv);
    String prefix = resource.replace('.', '-') + "-";
    Path target = base.resolve(prefix + hash);
    try {
      Files.createDirectories(base);
      requireOwnedByUs(base);
      // Locked before it is looked at: a pruning run never removes what a run is about to use.
      InstallationCache.use(target);
      if (!Files.isDirectory(target)) {
        Path staging = Files.createTempDirectory(base, InstallationCache.STAGING_PREFIX);
        unpacker.unpack(staging);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException
            | AtomicMoveNotSupportedException
            | java.nio.file.DirectoryNotEmptyException e) {
          // Another run unpacked it first. ALLOW_INSECURE: where the file system has no secure
          // directory stream, walk it anyway; the cache directory is ours alone (requireOwnedByUs).
          MoreFiles.deleteRecursively(staging, RecursiveDeleteOption.ALLOW_INSECURE);
        }
      }
    } catch (IOException e) {
      throw new UsageException(
          "cannot unpack the bundled "
              + resource
              + " into "
              + target
              + ": "
              + e.getMessage()
              + " (set "
              + InstallationCache.CACHE_DIR_ENV
              + " to use another directory)",
          e);
    }
    InstallationCache.prune(base, prefix, target);
    return target;
  }

  /**
   * The cache directory ({@link InstallationCache#directory}) must be this user's alone, so nobody
   * else can plant an executor jar there that this user would then run.
   */
  private static void requireOwnedByUs(Path dir) throws IOException {
    String owner = Files.getOwner(dir).getName();
    String us = System.getProperty("user.name");
    if (!owner.equals(us)) {
      throw new IOException(
          dir
              + " belongs to "
              + owner
              + ", not to "
              + us
              + "; remove it or set "
              + InstallationCache.CACHE_DIR_ENV);
    }
  }

  /** The first 8 bytes of the resource's SHA-256, in hex: enough to tell builds apart. */
  private static String hash(String resource) {
    try {
      byte[] digest = Resources.asByteSource(url(resource)).hash(Hashing.sha256()).asBytes();
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL url(String resource) {
    URL url = Installation.class.getResource(BUNDLED + resource);
    if (url == null) {
      throw new IllegalStateException(
          "this spider.jar does not bundle "
              + resource
              + ": build it with mvn package, or pass --executor-jar / set "
              + EXECUTOR_JAR_ENV);
    }
    return url;
  }

  private static void copyResource(String resource, Path target) throws IOException {
    try (InputStream in = url(resource).openStream()) {
      Files.copy(in, target);
    }
  }

  /**
   * Unpacks the bundled sample packages into {@code packages}, a package directory (for the demo,
   * and for tests that need one without the user's cache).
   *
   * @throws IOException when it cannot be written, or the bundled zip is damaged
   */
  public static void unpackSamplePackages(Path packages) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(url("sample-packages.zip").openStream())) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (!entry.getName().startsWith("packages/") || entry.isDirectory()) {
          continue;
        }
        Path file = packages.resolve(entry.getName().substring("packages/".length())).normalize();
        if (!file.startsWith(packages)) {
          throw new IOException("bundled zip entry escapes its directory: " + entry.getName());
        }
        Files.createDirectories(file.getParent());
        Files.copy(zip, file);
      }
    }
  }

  private static Path requireFile(Path path, String source) throws UsageException {
    if (!Files.isRegularFile(path)) {
      throw new UsageException(source + " names " + path + ", which is not a file");
    }
    return path;
  }
}
