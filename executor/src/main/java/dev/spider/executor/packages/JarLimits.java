package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageName;
import dev.spider.tdl.TaskPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Bounds what loading a JAR package reads from its JARs, so a hostile JAR is an {@code
 * InvalidLibrary} rather than an executor out of heap (docs/package-layout.md, "What a package may
 * not be"). Checked before the class loader, the manifest reader or {@code ServiceLoader} touches
 * the JAR:
 *
 * <ul>
 *   <li>at most {@value #MAX_ENTRIES} entries;
 *   <li>the entries the JDK reads whole (the manifest, {@code INDEX.LIST}, signature files) hold at
 *       most {@value #MAX_METADATA_BYTES} bytes, and the {@code TaskPackage} service file at most
 *       {@value #MAX_SERVICE_FILE_BYTES}: measured by decompressing at most one byte more, since a
 *       zip bomb's declared size lies;
 *   <li>a class file declares at most {@value #MAX_CLASS_BYTES} bytes: the class loader allocates
 *       the declared size and reads no more, so the declaration is the bound.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class JarLimits {

  static final int MAX_ENTRIES = 100_000;
  static final int MAX_METADATA_BYTES = 1 << 20;
  static final int MAX_SERVICE_FILE_BYTES = 64 << 10;
  static final long MAX_CLASS_BYTES = 16 << 20;

  static final String SERVICE_FILE = "META-INF/services/" + TaskPackage.class.getName();
  private static final String MANIFEST = "META-INF/MANIFEST.MF";

  private JarLimits() {}

  /**
   * Checks a JAR of package {@code name} against the limits.
   *
   * @return the manifest's bytes, when the JAR has one
   * @throws ExecutorFailure {@code InvalidLibrary} naming the JAR, the entry and the limit
   */
  static Optional<byte[]> check(Path jar, PackageName name) throws ExecutorFailure {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.size() > MAX_ENTRIES) {
        throw refused(
            name, jar, "has " + zip.size() + " entries, more than the " + MAX_ENTRIES + " allowed");
      }
      Optional<byte[]> manifest = Optional.empty();
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String entryName = entry.getName();
        if (entryName.equals(SERVICE_FILE)) {
          read(zip, entry, MAX_SERVICE_FILE_BYTES, jar, name);
        } else if (isMetadata(entryName)) {
          byte[] bytes = read(zip, entry, MAX_METADATA_BYTES, jar, name);
          if (entryName.equalsIgnoreCase(MANIFEST)) {
            manifest = Optional.of(bytes);
          }
        } else if (entryName.endsWith(".class") && entry.getSize() > MAX_CLASS_BYTES) {
          throw refused(
              name,
              jar,
              "declares class file "
                  + entryName
                  + " of "
                  + entry.getSize()
                  + " bytes, more than the "
                  + MAX_CLASS_BYTES
                  + " allowed");
        }
      }
      return manifest;
    } catch (ZipException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package " + name + ": " + jar + " is not a valid JAR (" + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package " + name + ": cannot read " + jar + " (" + e.getMessage() + ")",
          e);
    }
  }

  /** Entries the JDK reads whole when it opens a JAR: the manifest, the index, signatures. */
  private static boolean isMetadata(String entryName) {
    String upper = entryName.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    return upper.equals(MANIFEST)
        || upper.equals("META-INF/INDEX.LIST")
        || upper.endsWith(".SF")
        || upper.endsWith(".RSA")
        || upper.endsWith(".DSA")
        || upper.endsWith(".EC");
  }

  /** The entry's bytes, decompressing at most {@code limit + 1} of them. */
  private static byte[] read(ZipFile zip, ZipEntry entry, int limit, Path jar, PackageName name)
      throws IOException, ExecutorFailure {
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = in.readNBytes(limit + 1);
    }
    if (bytes.length > limit) {
      throw refused(
          name,
          jar,
          "holds "
              + entry.getName()
              + " decompressing to more than "
              + limit
              + " bytes (a zip bomb?); keep it under the limit");
    }
    return bytes;
  }

  private static ExecutorFailure refused(PackageName name, Path jar, String what) {
    return new ExecutorFailure(
        ErrorKind.INVALID_LIBRARY, "package " + name + ": " + jar + " " + what);
  }
}
