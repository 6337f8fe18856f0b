package dev.spider.manager.pool;

import dev.spider.protocol.PackageName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity of a package's files on disk — file key (device and inode), size and modification
 * time of {@code P/P.jar}, {@code P/libP.so} and {@code P/lib/*.jar} — so the pool can tell when a
 * package an executor has loaded was redeployed (an atomic rename gives the file a new inode).
 * Immutable; equal stamps mean unchanged files.
 */
record PackageStamp(List<String> entries) {

  static PackageStamp of(Path packageDir, String packageName) {
    List<String> entries = new ArrayList<>();
    if (!PackageName.isValid(packageName)) {
      return new PackageStamp(List.of()); // the executor refuses such names; nothing to watch
    }
    Path dir = packageDir.resolve(packageName);
    add(entries, dir.resolve(packageName + ".jar"));
    add(entries, dir.resolve("lib" + packageName + ".so"));
    Path lib = dir.resolve("lib");
    if (Files.isDirectory(lib)) {
      List<Path> jars = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(lib, "*.jar")) {
        stream.forEach(jars::add);
      } catch (IOException e) {
        entries.add(lib + " unreadable: " + e.getMessage());
      }
      jars.sort(null);
      jars.forEach(jar -> add(entries, jar));
    }
    return new PackageStamp(List.copyOf(entries));
  }

  private static void add(List<String> entries, Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      entries.add(
          file + " " + a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        entries.add(file + " unreadable");
      }
    }
  }
}
