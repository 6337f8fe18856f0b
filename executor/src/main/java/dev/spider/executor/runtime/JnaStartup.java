package dev.spider.executor.runtime;

import com.sun.jna.NativeLibrary;
import dev.spider.protocol.process.JnaLibraryCopies;
import dev.spider.protocol.process.Posix;
import java.io.File;
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
 *   <li>{@code jna.boot.library.path} is the directory of {@link JnaLibraryCopies#PROPERTY}, when
 *       the manager passed one: JNA loads its dispatch library from there when the file exists and
 *       unpacks it as usual when not. The manager unpacked that copy from this very jar, so its
 *       version is JNA's own.
 *   <li>{@code jna.platform.library.path} is empty: the executor's JNA looks up no library by a
 *       bare name that the dynamic linker cannot find itself (the C library, which JNA takes from
 *       the process itself; the native loader's shim, from the manager's directory or else unpacked
 *       from its jar; packages, by absolute path).
 * </ul>
 *
 * <p>So a package's own JNA runs {@code ldconfig} on its first native call, as in any JVM: the
 * executor's JNA no longer leaves a result in that property for it to take.
 *
 * <p>Either property set by the executor's own JVM options is left alone. Call on the main thread
 * before any other thread can run JNA or package code.
 */
final class JnaStartup {

  static final String BOOT_PATH = "jna.boot.library.path";
  static final String PLATFORM_PATH = "jna.platform.library.path";

  private JnaStartup() {}

  /**
   * {@link Posix.LibC#INSTANCE}, JNA's first use in the executor; afterwards the other libraries in
   * the manager's directory (the native loader's shim) are where JNA looks for them first ({@link
   * NativeLibrary#addSearchPath}, which only this JNA sees), so it does not unpack them from the
   * jar either.
   */
  static Posix.LibC libc() {
    Posix.LibC libc = firstUse(() -> Posix.LibC.INSTANCE);
    String directory = System.getProperty(JnaLibraryCopies.PROPERTY);
    String[] files = directory == null ? null : new File(directory).list();
    if (files != null) {
      for (String file : files) {
        JnaLibraryCopies.libraryName(file)
            .ifPresent(library -> NativeLibrary.addSearchPath(library, directory));
      }
    }
    return libc;
  }

  /**
   * Runs {@code use} with the two properties set as above and puts them back afterwards, whatever
   * {@code use} threw.
   *
   * @throws UnsatisfiedLinkError also where JNA threw a plain {@link Error} (its refusal of a
   *     dispatch library of another version), so that the caller's way on without native access
   *     covers it; a {@link VirtualMachineError} or {@link LinkageError} passes as it is
   */
  static <T> T firstUse(Supplier<T> use) {
    try {
      return withProperties(use);
    } catch (VirtualMachineError | LinkageError e) {
      throw e;
    } catch (Error e) {
      UnsatisfiedLinkError link = new UnsatisfiedLinkError("JNA did not start: " + e.getMessage());
      link.initCause(e);
      throw link;
    }
  }

  private static <T> T withProperties(Supplier<T> use) {
    String dispatch = System.getProperty(JnaLibraryCopies.PROPERTY);
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
