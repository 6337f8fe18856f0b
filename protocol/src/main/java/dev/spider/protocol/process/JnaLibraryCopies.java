package dev.spider.protocol.process;

import java.util.Optional;

/**
 * The directory of copies of the executor jar's native libraries that the manager unpacks once,
 * beside the class-data archive, so that an executor's JNA does not unpack each of them into a
 * temporary file (docs/process-pool.md, "Spawning"): JNA's own dispatch library, which it loads by
 * path, and the libraries it loads by name (the native loader's shim). The manager writes the
 * directory and hands it over by {@link #PROPERTY}; the executor reads it. Stateless.
 */
public final class JnaLibraryCopies {

  /**
   * The system property that names the directory on an executor's command line. An executor without
   * it, or whose directory lacks a file, unpacks that library from its jar as JNA always does.
   */
  public static final String PROPERTY = "spider.executor.jnaLibraries";

  /** JNA's dispatch library's file name on this platform ({@code libjnidispatch.so}). */
  public static final String DISPATCH_FILE = System.mapLibraryName("jnidispatch");

  private static final String PREFIX;
  private static final String SUFFIX;

  static {
    String mapped = System.mapLibraryName("x"); // "libx.so" on Linux
    PREFIX = mapped.substring(0, mapped.indexOf('x'));
    SUFFIX = mapped.substring(mapped.indexOf('x') + 1);
  }

  private JnaLibraryCopies() {}

  /**
   * The name JNA loads the library file {@code fileName} by ({@code libfoo.so} is {@code foo}), if
   * it is one: a library file, not in a subdirectory, and not the dispatch library, which JNA loads
   * by path.
   */
  public static Optional<String> libraryName(String fileName) {
    if (fileName.startsWith(PREFIX)
        && fileName.endsWith(SUFFIX)
        && fileName.length() > PREFIX.length() + SUFFIX.length()
        && fileName.indexOf('/') < 0
        && !fileName.equals(DISPATCH_FILE)) {
      return Optional.of(fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()));
    }
    return Optional.empty();
  }
}
