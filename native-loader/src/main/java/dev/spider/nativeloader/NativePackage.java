package dev.spider.nativeloader;

import com.sun.jna.NativeLibrary;
import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded native task package: a shared library exporting the TDL ABI of {@code
 * native/include/spider_tdl.h} (docs/native-abi.md).
 *
 * <p><b>Loading</b> ({@link #load}) follows the contract's order exactly, the first failure
 * winning: open the library with {@code RTLD_NOW | RTLD_LOCAL} ({@link PackageSymbols}) → {@code
 * get_version} ({@link VersionCheck}, {@link Kind#INCOMPATIBLE_VERSION}) → {@code get_name} ({@link
 * NameCheck}, {@link Kind#INVALID_UTF8} or {@link Kind#PACKAGE_NAME_MISMATCH}, before init runs) →
 * {@code init} if exported ({@link InitHook}, {@link Kind#PACKAGE_INIT_ERROR}) → resolve {@code
 * execute}. A library that does not open, or lacks get_version, get_name or execute, is {@link
 * Kind#INVALID_LIBRARY}.
 *
 * <p><b>Result buffers</b> are owned by the package. Every buffer init or execute returns is copied
 * into a Java array and then released exactly once, before the call returns ({@link ResultBuffer}):
 * through {@code __spider_tdl_package_free_result} when the package exports it, else through {@code
 * free()}; a zero-length buffer is never released (Rust hands out dangling pointers for those).
 *
 * <p><b>Calls</b> allocate no JNA {@code Structure}: the by-value calls are made by the C shim
 * ({@link TdlShim}), and a task call that fits the package's arena is a single native call ({@link
 * TaskCaller}).
 *
 * <p><b>Thread-safety:</b> an instance is immutable and safe to share, but calls into the package
 * are serialized: {@link #execute} waits while another call on this package runs. A native call
 * cannot be interrupted or timed out from Java.
 *
 * <p><b>Lifetime:</b> the library stays mapped while this object is reachable. {@link #close()}
 * only frees the per-instance native memory and makes later calls fail with {@link
 * IllegalStateException}; it does not {@code dlclose} the library, which is unsafe while threads or
 * thread-local destructors of the package may still run (the executor keeps packages loaded for its
 * whole life anyway).
 */
public final class NativePackage implements AutoCloseable {

  /**
   * The largest result buffer copied into a Java array; a longer one is released uncopied and
   * reported as {@link NativeOutcome.TooLarge}.
   */
  public static final int MAX_RESULT_BYTES = Integer.MAX_VALUE - 8;

  private static final Logger LOG = LoggerFactory.getLogger(NativePackage.class);

  private final Path library;
  private final String name;
  private final Version version;

  /** Held so the library stays mapped (JNA unloads an unreachable NativeLibrary). */
  private final PackageSymbols symbols;

  private final long execute;

  /** Address of free_result, or 0 when not exported: buffers are then released with free(). */
  private final long freeResult;

  private final TaskCaller caller;

  private NativePackage(
      Path library,
      String name,
      Version version,
      PackageSymbols symbols,
      long execute,
      long freeResult) {
    this.library = library;
    this.name = name;
    this.version = version;
    this.symbols = symbols;
    this.execute = execute;
    this.freeResult = freeResult;
    this.caller = new TaskCaller(name, library, execute, freeResult);
  }

  /**
   * Loads the native package library {@code library}, expected to declare the name {@code
   * expectedName} (the name of the directory it was found in), and runs its init hook.
   *
   * @param library path of {@code lib<name>.so}; resolved to an absolute path
   * @param expectedName the package name the library must declare
   * @throws NativeLoadException with the kind of the first check that failed (see the class doc)
   * @throws IllegalStateException when the JNA shim itself cannot be loaded (a broken installation
   *     or an unsupported platform, not a property of the package)
   */
  public static NativePackage load(Path library, String expectedName) throws NativeLoadException {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(expectedName, "expectedName");
    TdlShim.ensureLoaded();
    Path path = library.toAbsolutePath().normalize();
    requireRegularFile(path);

    PackageSymbols symbols = PackageSymbols.open(path);
    Version version = VersionCheck.check(path, symbols.required(PackageSymbols.GET_VERSION));
    String name = NameCheck.check(path, symbols.required(PackageSymbols.GET_NAME), expectedName);

    // free_result is resolved before init: init's buffer is released like any other.
    long freeResult = symbols.optional(PackageSymbols.FREE_RESULT).orElse(0);
    OptionalLong init = symbols.optional(PackageSymbols.INIT);
    if (init.isPresent()) {
      InitHook.run(path, name, init.getAsLong(), ResultBuffer.releaseThroughShim(freeResult));
    }
    long execute = symbols.required(PackageSymbols.EXECUTE);

    LOG.info(
        "loaded native package '{}' (TDL {}, init {}, buffers released with {}) from {}",
        name,
        version,
        init.isPresent() ? "ran" : "not exported",
        freeResult != 0 ? PackageSymbols.FREE_RESULT : "free()",
        path);
    return new NativePackage(path, name, version, symbols, execute, freeResult);
  }

  /**
   * Refuses what is not a regular file before {@code dlopen} opens it: a FIFO would block the
   * caller until a writer appears, a device could be read for ever. Links are followed, as {@code
   * dlopen} follows them.
   */
  private static void requireRegularFile(Path path) throws NativeLoadException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return; // opening it says "does not exist", with the rest of the open's diagnosis
    } catch (IOException e) {
      throw new NativeLoadException(
          NativeLoadException.Kind.INVALID_LIBRARY,
          path,
          "native package library " + path + " cannot be read: " + e);
    }
    if (!attributes.isRegularFile()) {
      throw new NativeLoadException(
          NativeLoadException.Kind.INVALID_LIBRARY,
          path,
          "native package library "
              + path
              + " is "
              + (attributes.isDirectory() ? "a directory" : "a FIFO, socket or device")
              + ", not a regular file; deploy the built .so itself");
    }
  }

  /** The name the package declared (equal to the expected name given to {@link #load}). */
  public String name() {
    return name;
  }

  /** The TDL version the package was built against. */
  public Version version() {
    return version;
  }

  /** The library file, as an absolute path. */
  public Path library() {
    return library;
  }

  /** Whether the package releases its buffers with its own free_result (else with free()). */
  public boolean exportsFreeResult() {
    return freeResult != 0;
  }

  /**
   * Runs the task {@code taskName} of this package.
   *
   * @see #execute(byte[], byte[], byte[])
   */
  public NativeOutcome execute(String taskName, byte[] rawCtx, byte[] rawInputs) {
    return execute(taskName.getBytes(StandardCharsets.UTF_8), rawCtx, rawInputs);
  }

  /**
   * Runs one task: calls the package's execute with the task name (UTF-8, passed with its explicit
   * length, not NUL-terminated), the MessagePack task context and the wire-format inputs, copies
   * the result buffer and releases it exactly once. The arrays are only read, and only during the
   * call. Blocks while another call on this package is running; the call cannot be interrupted.
   *
   * @return the outcome; a result buffer that is not a TdlError is an {@link
   *     NativeOutcome.UndecodableError}, never an exception
   * @throws IllegalStateException after {@link #close()}
   */
  public NativeOutcome execute(byte[] taskNameUtf8, byte[] rawCtx, byte[] rawInputs) {
    Objects.requireNonNull(taskNameUtf8, "taskNameUtf8");
    Objects.requireNonNull(rawCtx, "rawCtx");
    Objects.requireNonNull(rawInputs, "rawInputs");
    return caller.execute(taskNameUtf8, rawCtx, rawInputs);
  }

  /**
   * Frees this instance's native out-parameter memory; later {@link #execute} calls throw {@link
   * IllegalStateException}. Idempotent. Waits for a running call to finish. Does not unload the
   * library (see the class doc).
   */
  @Override
  public void close() {
    caller.close();
  }

  @Override
  public String toString() {
    return "NativePackage[" + name + " " + version + " from " + library + "]";
  }

  /** For the benchmark baseline in this package's tests: the address of execute. */
  long executeAddress() {
    return execute;
  }

  /** For the benchmark baseline in this package's tests: the address of free_result, or 0. */
  long freeResultAddress() {
    return freeResult;
  }

  /** The native library handle this package keeps mapped. */
  NativeLibrary nativeLibrary() {
    return symbols.library();
  }
}
