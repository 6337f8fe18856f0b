package dev.spider.tests.executor;

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
}
