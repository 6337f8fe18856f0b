package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The package directory ({@code SPIDER_TDL_PACKAGE_DIR}): one sub-directory per package, holding
 * {@code P.jar} (plus {@code lib/*.jar}) or {@code libP.so}.
 *
 * <p>Invariant: every path this class hands out is a real path inside the real package directory;
 * anything that resolves outside it, through links or otherwise, is refused as {@code
 * InvalidPackageName} before it is opened, and every package file handed out is a regular file
 * ({@link RegularFiles}). Thread-safe (immutable; reads the file system on each call).
 */
public final class PackageDirectory {

  private final Path root;

  private PackageDirectory(Path root) {
    this.root = root;
  }

  /**
   * Opens a package directory.
   *
   * @throws IOException when it does not exist or is not a directory; the message says so
   */
  public static PackageDirectory open(Path dir) throws IOException {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(dir.toString(), null, "package directory does not exist");
    }
    if (!Files.isDirectory(real)) {
      throw new IOException("package directory " + dir + " is not a directory");
    }
    return new PackageDirectory(real);
  }

  /** The real path of the package directory. */
  public Path root() {
    return root;
  }

  /**
   * Finds a package.
   *
   * @throws ExecutorFailure {@code PackageNotFound}, {@code AmbiguousPackage} (both a JAR and a
   *     native library), {@code InvalidPackageName} (resolves outside the package directory) or
   *     {@code InvalidLibrary} (a package file that is not a regular file: a FIFO, a device)
   */
  public PackageLocation locate(PackageName name) throws ExecutorFailure {
    Path dir = root.resolve(name.value());
    if (!Files.isDirectory(dir)) {
      throw new ExecutorFailure(
          ErrorKind.PACKAGE_NOT_FOUND,
          "package "
              + name
              + " not found: no directory "
              + dir
              + " (deploy it as "
              + name
              + "/"
              + name
              + ".jar or "
              + name
              + "/lib"
              + name
              + ".so)");
    }
    Path realDir = contained(dir, name);
    Path jar = dir.resolve(name.value() + ".jar");
    Path so = dir.resolve("lib" + name.value() + ".so");
    // Containment before anything else: a file that escapes is refused even when its sibling is
    // fine.
    Path realJar = Files.exists(jar) ? contained(jar, name) : null;
    Path realSo = Files.exists(so) ? contained(so, name) : null;
    if (realJar != null && realSo != null) {
      throw new ExecutorFailure(
          ErrorKind.AMBIGUOUS_PACKAGE,
          "package "
              + name
              + " is ambiguous: both "
              + jar.getFileName()
              + " and "
              + so.getFileName()
              + " exist in "
              + realDir
              + "; remove one");
    }
    if (realJar != null) {
      RegularFiles.require(realJar, name);
      return new PackageLocation(name, PackageDescription.Kind.JAR, realJar, libraries(dir, name));
    }
    if (realSo != null) {
      RegularFiles.require(realSo, name);
      return new PackageLocation(name, PackageDescription.Kind.NATIVE, realSo, List.of());
    }
    throw new ExecutorFailure(
        ErrorKind.PACKAGE_NOT_FOUND,
        "package "
            + name
            + " not found: "
            + realDir
            + " holds neither "
            + jar.getFileName()
            + " nor "
            + so.getFileName());
  }

  private List<Path> libraries(Path dir, PackageName name) throws ExecutorFailure {
    Path lib = dir.resolve("lib");
    if (!Files.isDirectory(lib)) {
      return List.of();
    }
    contained(lib, name);
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(lib, "*.jar")) {
      for (Path entry : entries) {
        Path real = contained(entry, name);
        RegularFiles.require(real, name);
        jars.add(real);
      }
    } catch (IOException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY, "cannot list " + lib + " of package " + name + ": " + e);
    }
    jars.sort(null);
    return jars;
  }

  /** The real path of {@code path}, which must lie inside the real package directory. */
  private Path contained(Path path, PackageName name) throws ExecutorFailure {
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw new ExecutorFailure(
          ErrorKind.PACKAGE_NOT_FOUND, "package " + name + ": cannot resolve " + path + ": " + e);
    }
    if (!real.startsWith(root)) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_PACKAGE_NAME,
          "package "
              + name
              + ": "
              + path
              + " resolves to "
              + real
              + ", outside the package directory "
              + root
              + "; refusing to open it");
    }
    return real;
  }
}
