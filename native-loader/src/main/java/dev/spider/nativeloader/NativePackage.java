package dev.spider.nativeloader;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded native task package: a shared library exporting the TDL ABI of {@code
 * native/include/spider_tdl.h}.
 *
 * <p><b>Loading</b> ({@link #load}) follows the contract's order exactly, the first failure
 * winning: open the library with {@code RTLD_NOW | RTLD_LOCAL} (so packages never interpose each
 * other's symbols) → {@code get_version} (incompatible with {@link Version#CURRENT} → {@link
 * Kind#INCOMPATIBLE_VERSION}) → {@code get_name} (not UTF-8 → {@link Kind#INVALID_UTF8}; not the
 * expected directory name → {@link Kind#PACKAGE_NAME_MISMATCH}, checked before init runs) → {@code
 * init} if exported (error → {@link Kind#PACKAGE_INIT_ERROR}) → resolve {@code execute}. A library
 * that does not open, or lacks get_version, get_name or execute, is {@link Kind#INVALID_LIBRARY}.
 *
 * <p><b>Result buffers</b> are owned by the package. Every buffer init or execute returns is
 * copied into a Java array and then released exactly once, before the call returns: through
 * {@code __spider_tdl_package_free_result} when the package exports it, else through {@code
 * free()}; a zero-length buffer is never released (Rust hands out dangling pointers for those).
 *
 * <p><b>Calls</b> allocate no JNA {@code Structure}: the by-value calls are made by the C shim
 * ({@code libspidertdlshim.so}), bound with JNA direct mapping. A task call whose name, context and
 * inputs fit the instance's <i>arena</i> (a block of native memory, {@value #INITIAL_ARENA_BYTES}
 * bytes at first, grown on demand up to {@value #MAX_ARENA_BYTES}) is one native call with integer
 * arguments only: the arguments are copied into the arena with plain memory copies, the shim calls
 * execute, copies a result that fits back into the arena and releases it, all in that call. Larger
 * arguments or results take a slower path with a few more native calls and copies.
 *
 * <p><b>Thread-safety:</b> an instance is safe to share, but calls into the package are
 * serialized: {@link #execute} holds this instance's lock for the native call and the copy of its
 * result, because the package is not assumed to be thread-safe and the arena and out-parameter
 * memory are reused across calls. A native call cannot be interrupted or timed out from Java.
 *
 * <p><b>Lifetime:</b> the library stays mapped while this object is reachable. {@link #close()}
 * only frees the per-instance native memory and makes later calls fail with {@link
 * IllegalStateException}; it does not {@code dlclose} the library, which is unsafe while threads or
 * thread-local destructors of the package may still run (the executor keeps packages loaded for
 * its whole life anyway).
 */
public final class NativePackage implements AutoCloseable {

  /**
   * The largest result buffer copied into a Java array; a longer one is released uncopied and
   * reported as {@link NativeOutcome.TooLarge}.
   */
  public static final int MAX_RESULT_BYTES = Integer.MAX_VALUE - 8;

  /** The size of a fresh arena (header included). */
  static final int INITIAL_ARENA_BYTES = 64 * 1024;

  /** The largest arena kept; calls whose arguments need more take the slower array path. */
  static final int MAX_ARENA_BYTES = 1024 * 1024;

  private static final int ARENA_HEADER = TdlShim.ARENA_HEADER;

  /** Longer names are not read: no valid package name comes close (at most 128 characters). */
  static final int MAX_NAME_BYTES = 4096;

  static final String GET_VERSION = "__spider_tdl_package_get_version";
  static final String GET_NAME = "__spider_tdl_package_get_name";
  static final String INIT = "__spider_tdl_package_init";
  static final String EXECUTE = "__spider_tdl_package_execute";
  static final String FREE_RESULT = "__spider_tdl_package_free_result";

  private static final Logger LOG = LoggerFactory.getLogger(NativePackage.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Path library;
  private final String name;
  private final Version version;
  /** Held so the library stays mapped (JNA unloads an unreachable NativeLibrary). */
  private final NativeLibrary nativeLibrary;

  /** Address of execute. */
  private final long execute;
  /** Address of free_result, or 0 when not exported: buffers are then released with free(). */
  private final long freeResult;

  private final Object callLock = new Object();
  /** Out-parameters of the array path, reused: result pointer at 0, length at 8. */
  private final ResultSlot slot; // guarded by callLock
  private Arena arena; // guarded by callLock; null once closed

  private NativePackage(
      Path library,
      String name,
      Version version,
      NativeLibrary nativeLibrary,
      Function execute,
      Function freeResult,
      ResultSlot slot) {
    this.library = library;
    this.name = name;
    this.version = version;
    this.nativeLibrary = nativeLibrary;
    this.execute = Pointer.nativeValue(execute);
    this.freeResult = freeResult == null ? 0 : Pointer.nativeValue(freeResult);
    this.slot = slot;
    this.arena = new Arena(INITIAL_ARENA_BYTES, this.execute, this.freeResult);
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

    NativeLibrary nativeLibrary = open(path);
    Function getVersion = requiredSymbol(nativeLibrary, path, GET_VERSION);
    Version version = checkVersion(path, getVersion);
    Function getName = requiredSymbol(nativeLibrary, path, GET_NAME);
    String name = checkName(path, getName, expectedName);

    // free_result is resolved before init: init's buffer is released like any other.
    Function freeResult = optionalSymbol(nativeLibrary, FREE_RESULT).orElse(null);
    Optional<Function> init = optionalSymbol(nativeLibrary, INIT);
    ResultSlot slot = new ResultSlot();
    Function execute;
    try {
      if (init.isPresent()) {
        runInit(path, name, init.get(), freeResult, slot);
      }
      execute = requiredSymbol(nativeLibrary, path, EXECUTE);
    } catch (NativeLoadException | RuntimeException e) {
      slot.memory.close();
      throw e;
    }

    LOG.info(
        "loaded native package '{}' (TDL {}, init {}, buffers released with {}) from {}",
        name,
        version,
        init.isPresent() ? "ran" : "not exported",
        freeResult != null ? FREE_RESULT : "free()",
        path);
    return new NativePackage(path, name, version, nativeLibrary, execute, freeResult, slot);
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
    long argumentBytes = (long) taskNameUtf8.length + rawCtx.length + rawInputs.length;
    RawResult result;
    synchronized (callLock) {
      ensureOpen();
      if (argumentBytes <= MAX_ARENA_BYTES - ARENA_HEADER) {
        result = executeInArena(taskNameUtf8, rawCtx, rawInputs, (int) argumentBytes);
      } else {
        result = executeWithArrays(taskNameUtf8, rawCtx, rawInputs);
      }
    }
    return result.toOutcome();
  }

  /** The fast path: arguments and (if it fits) the result travel through the arena. */
  private RawResult executeInArena(byte[] name, byte[] ctx, byte[] inputs, int argumentBytes) {
    Arena a = arenaFor(ARENA_HEADER + argumentBytes);
    ByteBuffer buffer = a.buffer;
    buffer.putLong(Arena.NAME_LENGTH, name.length);
    buffer.putLong(Arena.CTX_LENGTH, ctx.length);
    buffer.putLong(Arena.INPUTS_LENGTH, inputs.length);
    buffer.put(ARENA_HEADER, name);
    buffer.put(ARENA_HEADER + name.length, ctx);
    buffer.put(ARENA_HEADER + name.length + ctx.length, inputs);
    int status = TdlShim.spider_shim_execute_arena(a.address);
    boolean isError = (status & 1) != 0;
    long length = buffer.getLong(Arena.RESULT_LENGTH);
    if ((status & 2) != 0) { // copied into the arena and released by the shim
      byte[] bytes = new byte[(int) length];
      buffer.get(ARENA_HEADER, bytes);
      return new RawResult(isError, bytes, length, null);
    }
    return takeUncopied(isError, buffer.getLong(Arena.RESULT_POINTER), length, freeResult);
  }

  /** The slow path for arguments larger than the arena: JNA copies the arrays in and out. */
  private RawResult executeWithArrays(byte[] name, byte[] ctx, byte[] inputs) {
    int isError =
        TdlShim.spider_shim_execute(
            execute,
            name,
            name.length,
            ctx,
            ctx.length,
            inputs,
            inputs.length,
            slot.ptr,
            slot.len);
    return takeResult(isError, freeResult, slot.memory);
  }

  /** The arena, grown (replacing the old one) when it is smaller than {@code needed} bytes. */
  private Arena arenaFor(int needed) {
    if (needed > arena.capacity) {
      int capacity = (int) Math.min(MAX_ARENA_BYTES, Math.max(needed, 2L * arena.capacity));
      LOG.debug("growing the arena of native package '{}' to {} bytes", name, capacity);
      Arena grown = new Arena(capacity, execute, freeResult);
      arena.memory.close();
      arena = grown;
    }
    return arena;
  }

  /**
   * Frees this instance's native out-parameter memory; later {@link #execute} calls throw {@link
   * IllegalStateException}. Idempotent. Waits for a running call to finish. Does not unload the
   * library (see the class doc).
   */
  @Override
  public void close() {
    synchronized (callLock) {
      if (arena != null) {
        arena.memory.close();
        arena = null;
        slot.memory.close();
        LOG.debug("closed native package '{}' ({})", name, library);
      }
    }
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
    return nativeLibrary;
  }

  private void ensureOpen() {
    if (arena == null) {
      throw new IllegalStateException(
          "native package '" + name + "' (" + library + ") was closed; it cannot run tasks any"
              + " more: a closed package was kept and reused, load it again instead");
    }
  }

  // ---------------------------------------------------------------------------------- loading

  private static NativeLibrary open(Path path) throws NativeLoadException {
    try {
      return NativeLibrary.getInstance(
          path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, TdlShim.RTLD_NOW_LOCAL));
    } catch (UnsatisfiedLinkError e) {
      String problem = LibraryDiagnosis.fileProblem(path).map(p -> p + "; ").orElse("");
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "cannot load native package library "
              + path
              + ": "
              + problem
              + "dlopen said: "
              + LibraryDiagnosis.loaderMessage(e)
              + ". It must be a shared library built for "
              + Platform.RESOURCE_PREFIX
              + " whose dependencies resolve (its own ones in lib/ next to it, via RPATH"
              + " $ORIGIN/lib)",
          e);
    }
  }

  private static Function requiredSymbol(NativeLibrary nativeLibrary, Path path, String symbol)
      throws NativeLoadException {
    try {
      return nativeLibrary.getFunction(symbol);
    } catch (UnsatisfiedLinkError e) {
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "native package library "
              + path
              + " does not export the required symbol "
              + symbol
              + ": build it against spider_tdl.h and define the function with C linkage and"
              + " default visibility (SPIDER_TDL_EXPORT)",
          e);
    }
  }

  private static Optional<Function> optionalSymbol(NativeLibrary nativeLibrary, String symbol) {
    try {
      return Optional.of(nativeLibrary.getFunction(symbol));
    } catch (UnsatisfiedLinkError e) {
      // Absent optional symbols are normal (Spider's Rust packages export neither by default).
      LOG.debug("{} does not export the optional symbol {}: {}", nativeLibrary, symbol,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static Version checkVersion(Path path, Function getVersion) throws NativeLoadException {
    long major;
    long minor;
    long patch;
    try (Memory out3 = new Memory(12)) {
      TdlShim.spider_shim_get_version(Pointer.nativeValue(getVersion), out3);
      major = Integer.toUnsignedLong(out3.getInt(0));
      minor = Integer.toUnsignedLong(out3.getInt(4));
      patch = Integer.toUnsignedLong(out3.getInt(8));
    }
    String reported = major + "." + minor + "." + patch;
    if (major > Integer.MAX_VALUE || minor > Integer.MAX_VALUE || patch > Integer.MAX_VALUE
        || !Version.CURRENT.isCompatibleWith(
            new Version((int) major, (int) minor, (int) patch))) {
      throw new NativeLoadException(
          Kind.INCOMPATIBLE_VERSION,
          path,
          "native package library "
              + path
              + " was built against TDL "
              + reported
              + ", which this executor (TDL "
              + Version.CURRENT
              + ") cannot run: rebuild the package against TDL "
              + Version.CURRENT.major()
              + "."
              + Version.CURRENT.minor()
              + ".x");
    }
    return new Version((int) major, (int) minor, (int) patch);
  }

  private static String checkName(Path path, Function getName, String expectedName)
      throws NativeLoadException {
    long address;
    long length;
    try (Memory slot = new Memory(16)) {
      TdlShim.spider_shim_get_name(Pointer.nativeValue(getName), slot, slot.share(8));
      address = slot.getLong(0);
      length = slot.getLong(8);
    }
    if (length < 0 || length > MAX_NAME_BYTES) {
      throw new NativeLoadException(
          Kind.PACKAGE_NAME_MISMATCH,
          path,
          "native package library "
              + path
              + " declares a name of "
              + Long.toUnsignedString(length)
              + " bytes, but it was found in the directory '"
              + expectedName
              + "' and package names are at most 128 characters: fix the name it declares");
    }
    if (address == 0 && length > 0) {
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "native package library "
              + path
              + " returned a null name pointer with length "
              + length
              + " from "
              + GET_NAME
              + ": it must point to the name's bytes (static storage)");
    }
    byte[] bytes = new byte[(int) length];
    TdlShim.spider_shim_copy(address, length, bytes);
    String declared;
    try {
      declared =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new NativeLoadException(
          Kind.INVALID_UTF8,
          path,
          "native package library "
              + path
              + " declares a name that is not valid UTF-8 (bytes "
              + HEX.formatHex(bytes)
              + "): the name must be UTF-8, equal to its directory name '"
              + expectedName
              + "'",
          e);
    }
    if (!declared.equals(expectedName)) {
      throw new NativeLoadException(
          Kind.PACKAGE_NAME_MISMATCH,
          path,
          "native package library "
              + path
              + " declares the name '"
              + declared
              + "' but was found in the directory '"
              + expectedName
              + "': a package must be deployed as <package dir>/<its name>/lib<its name>.so;"
              + " rename the directory or fix the name the package declares");
    }
    return declared;
  }

  private static void runInit(
      Path path, String name, Function init, Function freeResult, ResultSlot slot)
      throws NativeLoadException {
    LOG.debug("running the init hook of native package '{}'", name);
    int isError = TdlShim.spider_shim_call_result0(Pointer.nativeValue(init), slot.ptr, slot.len);
    RawResult result =
        takeResult(isError, freeResult == null ? 0 : Pointer.nativeValue(freeResult), slot.memory);
    if (!result.isError) {
      return;
    }
    String prefix = "the init hook of native package '" + name + "' (" + path + ") failed";
    if (result.invalidReason != null) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR, path, prefix + ", returning " + result.invalidReason);
    }
    if (result.bytes == null) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR,
          path,
          prefix + " with an error buffer of " + result.describeLength() + " bytes, too large to"
              + " read");
    }
    try {
      TdlError error = TdlError.decode(result.bytes);
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR,
          path,
          prefix + ": " + error.kind().variantName() + ": " + error.getMessage(),
          error);
    } catch (CodecException e) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR,
          path,
          prefix + " with an error buffer that is not a TdlError ("
              + e.getMessage() + "; bytes " + hexPrefix(result.bytes) + ")",
          e);
    }
  }

  // ---------------------------------------------------------------------------------- results

  /**
   * Reads the result the shim left in {@code out}, copies its buffer into a Java array (unless it
   * is too large, or a null pointer) and releases it exactly once. Zero-length buffers are neither
   * read nor released.
   */
  private static RawResult takeResult(int isError, long freeResult, Memory out) {
    long address = out.getLong(0);
    long length = out.getLong(8);
    if (length == 0) {
      return new RawResult(isError != 0, new byte[0], 0, null);
    }
    return takeUncopied(isError != 0, address, length, freeResult);
  }

  /**
   * Copies a non-empty result buffer the shim did not copy, and releases it exactly once (even if
   * the copy fails); a null pointer is neither read nor released.
   */
  private static RawResult takeUncopied(
      boolean isError, long address, long length, long freeResult) {
    if (address == 0) {
      // Nothing to copy, nothing that free() or free_result could be handed safely.
      return new RawResult(
          isError, null, length, "a null pointer with length " + Long.toUnsignedString(length));
    }
    try {
      if (length < 0 || length > MAX_RESULT_BYTES) {
        return new RawResult(isError, null, length, null);
      }
      byte[] bytes = new byte[(int) length];
      new Pointer(address).read(0, bytes, 0, bytes.length);
      return new RawResult(isError, bytes, length, null);
    } finally {
      TdlShim.spider_shim_release(freeResult, isError ? 1 : 0, address, length);
    }
  }

  private static String hexPrefix(byte[] bytes) {
    int shown = Math.min(bytes.length, 64);
    return HEX.formatHex(bytes, 0, shown) + (bytes.length > shown ? "…" : "");
  }

  /** A result buffer after it was released; {@code bytes} is null when it could not be copied. */
  private record RawResult(boolean isError, byte[] bytes, long length, String invalidReason) {

    String describeLength() {
      return Long.toUnsignedString(length);
    }

    NativeOutcome toOutcome() {
      if (invalidReason != null) {
        return new NativeOutcome.UndecodableError(
            new byte[0], "the package returned " + invalidReason + " as its result buffer");
      }
      if (bytes == null) {
        return new NativeOutcome.TooLarge(length < 0 ? Long.MAX_VALUE : length, isError);
      }
      if (!isError) {
        return new NativeOutcome.Success(bytes);
      }
      try {
        return new NativeOutcome.TaskFailed(TdlError.decode(bytes));
      } catch (CodecException e) {
        return new NativeOutcome.UndecodableError(
            bytes, "the error buffer is not a MessagePack TdlError: " + e.getMessage());
      }
    }
  }

  /**
   * Native memory for the fast path, laid out as {@code spider_shim_execute_arena} reads it: a
   * header of uint64 fields (execute, free_result and the capacity, written once here; the three
   * argument lengths, written per call; the result pointer and length, written by the shim), then
   * the arguments, then (overwriting them) the copied result.
   */
  private static final class Arena {
    static final int EXECUTE = 0;
    static final int FREE_RESULT = 8;
    static final int CAPACITY = 16;
    static final int NAME_LENGTH = 24;
    static final int CTX_LENGTH = 32;
    static final int INPUTS_LENGTH = 40;
    static final int RESULT_POINTER = 48;
    static final int RESULT_LENGTH = 56;

    final Memory memory;
    final long address;
    final int capacity;
    /** A native-order view of the whole block, for plain (non-JNI) copies in and out. */
    final ByteBuffer buffer;

    Arena(int capacity, long execute, long freeResult) {
      this.memory = new Memory(capacity);
      this.address = Pointer.nativeValue(memory);
      this.capacity = capacity;
      this.buffer = memory.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
      buffer.putLong(EXECUTE, execute);
      buffer.putLong(FREE_RESULT, freeResult);
      buffer.putLong(CAPACITY, capacity);
    }
  }

  /** The shim's out-parameters: one 16-byte block, pointer at offset 0, length at offset 8. */
  private static final class ResultSlot {
    final Memory memory = new Memory(16);
    final Pointer ptr = memory;
    final Pointer len = memory.share(8);
  }
}
