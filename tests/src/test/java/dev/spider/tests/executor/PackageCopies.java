package dev.spider.tests.executor;

import dev.spider.tests.SamplePackages;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies staged packages into package directories that tests assemble. */
public final class PackageCopies {

  private PackageCopies() {}

  /** Copies package {@code name} (its directory, recursively) from {@code from} into {@code to}. */
  public static void copy(Path from, String name, Path to) throws Exception {
    Path source = from.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(name).resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Redeploys package {@code pkg} of {@code packages} (a copy of {@link
   * SamplePackages#OLDER_LIBRARY_BUNDLE}) with the newer library, as docs/process-pool.md says to
   * deploy: new files first, then the package jar renamed into place.
   */
  public static void redeployNewerLibrary(Path packages, String pkg) throws Exception {
    Path lib = packages.resolve(pkg).resolve("lib");
    Files.copy(
        TestEnvironment.packagesDir()
            .resolve(SamplePackages.NEWER_LIBRARY_BUNDLE)
            .resolve("lib")
            .resolve(SamplePackages.NEWER_LIBRARY),
        lib.resolve(SamplePackages.NEWER_LIBRARY));
    Files.delete(lib.resolve(SamplePackages.OLDER_LIBRARY));
    Path jar = packages.resolve(pkg).resolve(pkg + ".jar");
    Path staged = jar.resolveSibling("." + jar.getFileName() + ".new");
    Files.copy(jar, staged);
    Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
