package dev.spider.executor.packages;

import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a package was found: its kind and the real paths (links resolved, all inside the real
 * package directory) of its main file and its {@code lib/*.jar} dependencies.
 */
public record PackageLocation(
    PackageName name, PackageDescription.Kind kind, Path file, List<Path> libraries) {

  public PackageLocation {
    libraries = List.copyOf(libraries);
  }
}
