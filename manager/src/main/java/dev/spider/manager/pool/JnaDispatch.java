package dev.spider.manager.pool;

import com.sun.jna.Platform;
import dev.spider.protocol.process.CanonicalCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A copy of the executor jar's JNA native dispatch library ({@code libjnidispatch.so}), unpacked
 * once beside the class-data archive built from the same jar, so that executors load it from there
 * rather than each unpacking it into a temporary file on its first native call
 * (docs/process-pool.md, "Spawning"). The executor's {@code JnaStartup} is the other half.
 *
 * <p>The copy lives in {@code <archive key>.jna/} in the archive directory: the key covers the
 * jar's content, so a changed jar gets a copy of its own and JNA never meets a dispatch library of
 * another version (which would fail its class initialisation for the executor's life). The file is
 * written under a temporary name, synced and renamed, so no executor loads part of one. Stateless.
 */
final class JnaDispatch {

  /** The suffix of a copy's directory, after the archive key. */
  static final String SUFFIX = ".jna";

  /** Far above any real dispatch library (JNA's are 100–700 KB); the jar is not trusted blindly. */
  private static final long MAX_BYTES = 16L << 20;

  private JnaDispatch() {}

  /** The library's file name on this platform. */
  static String fileName() {
    return System.mapLibraryName("jnidispatch");
  }

  /** Where JNA keeps the library for this platform inside its jar, and so inside ours. */
  static String entryName() {
    return "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + fileName();
  }

  /** The copy's directory for the archive {@code key} in {@code archiveDirectory}. */
  static Path directory(Path archiveDirectory, ArchiveKey key) {
    return archiveDirectory.resolve(key.hex() + SUFFIX);
  }

  /** The JVM option that hands {@code directory} to an executor. */
  static String jvmOption(Path directory) {
    return "-D" + CanonicalCommandLine.JNA_DISPATCH_PROPERTY + "=" + directory;
  }

  /** {@code directory}, if it holds the library. */
  static Optional<Path> published(Path directory) {
    return Files.isRegularFile(directory.resolve(fileName()))
        ? Optional.of(directory)
        : Optional.empty();
  }

  /**
   * Unpacks the library from {@code jar} into {@code directory}, replacing a copy that is there.
   *
   * @return {@code directory}, or empty when the jar has no library for this platform (executors
   *     then unpack nothing either: their JNA finds none)
   * @throws IOException when the jar cannot be read (the message names it), the entry is larger
   *     than {@link #MAX_BYTES}, or the copy cannot be written
   */
  static Optional<Path> unpack(Path jar, Path directory) throws IOException {
    try (ZipFile zip = open(jar)) {
      ZipEntry entry = zip.getEntry(entryName());
      if (entry == null) {
        return Optional.empty();
      }
      Files.createDirectories(directory);
      Path temporary = directory.resolve(fileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        try (InputStream in = zip.getInputStream(entry);
            OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
          byte[] buffer = new byte[64 * 1024];
          long total = 0;
          int n;
          while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > MAX_BYTES) {
              throw new IOException(
                  entryName() + " in " + jar + " is larger than " + MAX_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
          }
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        // An executor that loaded the copy this replaces keeps its mapping.
        Files.move(
            temporary,
            directory.resolve(fileName()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return Optional.of(directory);
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
