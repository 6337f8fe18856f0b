package dev.spider.executor.runtime;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.Posix;
import java.util.function.Supplier;

/**
 * The executor's first use of its own JNA, without the two slow steps of JNA's start-up
 * (docs/process-pool.md, "Spawning"): unpacking {@code libjnidispatch.so} from the jar into a
 * temporary file (named through {@code SecureRandom}, which loads the security providers), and
 * running {@code /sbin/ldconfig -p} for the directories in which to look up libraries by name. Each
 * costs several milliseconds of a fresh executor's first request, and their classes would fill the
 * class-data archive that every executor maps.
 *
 * <p>JNA reads both settings from system properties, once, when its classes initialise; a task
 * package's own copy of JNA, in its own class loader, reads the same properties later. So they are
 * set only around this first use and put back as they were, and a package's JNA starts exactly as
 * it would without them:
 *
 * <ul>
 *   <li>{@code jna.boot.library.path} is the directory of {@link
 *       CanonicalCommandLine#JNA_DISPATCH_PROPERTY}, when the manager passed one: JNA loads the
 *       library from there when the file exists and unpacks it as usual when not. The manager
 *       unpacked that copy from this very jar, so its version is JNA's own.
 *   <li>{@code jna.platform.library.path} is empty: the executor's JNA looks up no library by a
 *       bare name that the dynamic linker cannot find itself ({@code libc.so.6}; the native
 *       loader's shim, which it unpacks from its jar; packages by absolute path).
 * </ul>
 *
 * Either property set by the executor's own JVM options is left alone. Call on the main thread
 * before any other thread can run JNA or package code.
 */
final class JnaStartup {

  static final String BOOT_PATH = "jna.boot.library.path";
  static final String PLATFORM_PATH = "jna.platform.library.path";

  private JnaStartup() {}

  /** {@link Posix.LibC#INSTANCE}, JNA's first use in the executor. */
  static Posix.LibC libc() {
    return firstUse(() -> Posix.LibC.INSTANCE);
  }

  /**
   * Runs {@code use} with the two properties set as above and puts them back afterwards, whatever
   * {@code use} threw.
   */
  static <T> T firstUse(Supplier<T> use) {
    String dispatch = System.getProperty(CanonicalCommandLine.JNA_DISPATCH_PROPERTY);
    boolean setBoot = dispatch != null && System.getProperty(BOOT_PATH) == null;
    boolean setPlatform = System.getProperty(PLATFORM_PATH) == null;
    if (setBoot) {
      System.setProperty(BOOT_PATH, dispatch);
    }
    if (setPlatform) {
      System.setProperty(PLATFORM_PATH, "");
    }
    try {
      return use.get();
    } finally {
      if (setBoot) {
        System.clearProperty(BOOT_PATH);
      }
      if (setPlatform) {
        System.clearProperty(PLATFORM_PATH);
      }
    }
  }
}
