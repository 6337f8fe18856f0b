package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Refuses a package file that is not a regular file before anything opens it: opening a FIFO
 * deployed as {@code P.jar} or {@code libP.so} blocks until some writer appears, and a device can
 * be read for ever (docs/package-layout.md, "What a package may not be").
 *
 * <p>The path checked is already the real path (links resolved by {@link PackageDirectory}), and is
 * read without following links, so what is checked is what will be opened, unless the file is
 * replaced in between. That window is left open: closing it needs loading from a descriptor, which
 * {@code dlopen}'s {@code $ORIGIN} and the JDK's class loaders do not offer.
 *
 * <p>Stateless and thread-safe.
 */
final class RegularFiles {

  private RegularFiles() {}

  /**
   * Checks that {@code file} is a regular file.
   *
   * @throws ExecutorFailure {@code InvalidLibrary} naming the file and what it is instead
   */
  static void require(Path file, PackageName name) throws ExecutorFailure {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY, "package " + name + ": cannot read " + file + ": " + e);
    }
    if (!attributes.isRegularFile()) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + ": "
              + file
              + " is "
              + what(attributes)
              + ", not a regular file; deploy the package file itself");
    }
  }

  private static String what(BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    if (attributes.isSymbolicLink()) {
      return "a symbolic link";
    }
    return "a FIFO, socket or device";
  }
}
