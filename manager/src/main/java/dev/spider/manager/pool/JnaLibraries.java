package dev.spider.manager.pool;

import com.sun.jna.Platform;
import dev.spider.protocol.process.JnaLibraryCopies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies of the native libraries that the executor's JNA would otherwise unpack from the executor
 * jar into temporary files: JNA's own dispatch library ({@code libjnidispatch.so}) on the
 * executor's first native call, and the libraries JNA finds as class-path resources (the native
 * loader's shim) on first use. They are unpacked once, beside the class-data archive built from the
 * same jar, and executors load them from there (docs/process-pool.md, "Spawning"); the executor's
 * {@code JnaStartup} is the other half.
 *
 * <p>The copies live in {@code <archive key>.jna/} in the archive directory: the key covers the
 * jar's content, so a changed jar gets copies of its own and JNA never meets a dispatch library of
 * another version (which would fail its class initialisation for the executor's life). Each file is
 * written under a temporary name, synced and renamed, so no executor loads part of one. Stateless.
 */
final class JnaLibraries {

  /** The suffix of the copies' directory, after the archive key. */
  static final String SUFFIX = ".jna";

  /** Far above any real library (JNA's dispatch library is 100–700 KB); the jar is not trusted. */
  private static final long MAX_BYTES = 16L << 20;

  /** Far above what the executor jar bundles for one platform (two). */
  private static final int MAX_LIBRARIES = 16;

  private JnaLibraries() {}

  /** Where JNA keeps its dispatch library for this platform inside its jar, and so inside ours. */
  static String dispatchEntryName() {
    return "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + JnaLibraryCopies.DISPATCH_FILE;
  }

  /**
   * Whether {@code name} is a library JNA would find as a class-path resource for this platform and
   * load by name: {@code <platform prefix>/lib<name>.so}, directly in the prefix's directory.
   */
  static boolean isResourceLibrary(String name) {
    String prefix = Platform.RESOURCE_PREFIX + "/";
    return name.startsWith(prefix)
        && JnaLibraryCopies.libraryName(name.substring(prefix.length())).isPresent();
  }

  /** The copies' directory for the archive {@code key} in {@code archiveDirectory}. */
  static Path directory(Path archiveDirectory, ArchiveKey key) {
    return archiveDirectory.resolve(key.hex() + SUFFIX);
  }

  /** The JVM option that hands {@code directory} to an executor. */
  static String jvmOption(Path directory) {
    return "-D" + JnaLibraryCopies.PROPERTY + "=" + directory;
  }

  /** {@code directory}, if it holds the dispatch library. */
  static Optional<Path> published(Path directory) {
    return Files.isRegularFile(directory.resolve(JnaLibraryCopies.DISPATCH_FILE))
        ? Optional.of(directory)
        : Optional.empty();
  }

  /**
   * Unpacks JNA's dispatch library and the class-path resource libraries of this platform from
   * {@code jar} into {@code directory}, replacing copies that are there.
   *
   * @return {@code directory}, or empty when the jar has no dispatch library for this platform
   *     (executors then unpack nothing either: their JNA finds none)
   * @throws IOException when the jar cannot be read (the message names it), holds more than {@link
   *     #MAX_LIBRARIES} libraries for this platform or one larger than {@link #MAX_BYTES}, or a
   *     copy cannot be written; the directory is then removed
   */
  static Optional<Path> unpack(Path jar, Path directory) throws IOException {
    try (ZipFile zip = open(jar)) {
      ZipEntry dispatch = zip.getEntry(dispatchEntryName());
      if (dispatch == null) {
        return Optional.empty();
      }
      List<ZipEntry> libraries = new ArrayList<>(List.of(dispatch));
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        // Not a resource named like the dispatch library (JNA loads that from its own place only):
        // it would replace the copy of the one JNA loads.
        if (!entry.isDirectory() && isResourceLibrary(entry.getName())) {
          libraries.add(entry);
          if (libraries.size() > MAX_LIBRARIES) {
            throw new IOException(
                jar
                    + " holds more than "
                    + MAX_LIBRARIES
                    + " native libraries for "
                    + Platform.RESOURCE_PREFIX);
          }
        }
      }
      Files.createDirectories(directory);
      try {
        for (ZipEntry library : libraries) {
          copy(zip, library, jar, directory);
        }
      } catch (IOException | RuntimeException e) {
        // Never a directory of some of one jar's libraries and some of another's.
        ArchiveTraining.deleteTree(directory);
        throw e;
      }
      return Optional.of(directory);
    }
  }

  private static void copy(ZipFile zip, ZipEntry entry, Path jar, Path directory)
      throws IOException {
    String name = entry.getName();
    Path target = directory.resolve(name.substring(name.lastIndexOf('/') + 1));
    // Beside the directory, not in it: the archive directory's pruning removes a stale one.
    Path temporary =
        directory.resolveSibling(directory.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (InputStream in = zip.getInputStream(entry);
          OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
          total += n;
          if (total > MAX_BYTES) {
            throw new IOException(name + " in " + jar + " is larger than " + MAX_BYTES + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      // An executor that loaded the copy this replaces keeps its mapping.
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static ZipFile open(Path jar) throws IOException {
    try {
      return new ZipFile(jar.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read the executor jar " + jar + ": " + e.getMessage(), e);
    }
  }
}
