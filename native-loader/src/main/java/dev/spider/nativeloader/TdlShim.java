package dev.spider.nativeloader;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.Map;

/**
 * JNA direct mapping of {@code libspidertdlshim.so} ({@code native/src/shim/spider_tdl_shim.c}),
 * the C adapter that makes the by-value calls of the TDL ABI for us.
 *
 * <p>Every method is a direct-mapped native whose arguments are primitives, {@link Pointer}s or
 * {@code byte[]} (copied in and back out by JNA for the duration of the call), so no call allocates
 * a JNA {@code Structure}. The per-task hot path, {@link #spider_shim_execute_arena}, takes a
 * single {@code long} (each extra argument costs a libffi marshalling step on both sides of the JNI
 * boundary). Function pointers and buffer addresses travel as {@code long} (the C side declares
 * them as pointers; on the supported LP64 platforms a pointer and a 64-bit integer are passed
 * alike), and so does {@code size_t}.
 *
 * <p>The shim itself is stateless and thread-safe; whether a package function may be called
 * concurrently is the caller's concern (see {@link TaskCaller}).
 *
 * <p>The shim is found as JNA finds any library: directories added for it (the executor adds the
 * one where the manager unpacked a copy: docs/process-pool.md, "Spawning"), {@code
 * jna.library.path}, the dynamic linker's own search, the directories of {@code
 * jna.platform.library.path} (none in the executor, which starts its JNA without them), then the
 * classpath resource {@code <Platform.RESOURCE_PREFIX>/libspidertdlshim.so} that this module's jar
 * bundles. It is opened with {@code RTLD_NOW | RTLD_LOCAL}.
 */
final class TdlShim {

  /** The shim ABI revision this class is written against ({@code SPIDER_SHIM_ABI_REVISION}). */
  static final int ABI_REVISION = 1;

  static final String LIBRARY_NAME = "spidertdlshim";

  /** Bytes of the arena header of {@link #spider_shim_execute_arena} (SPIDER_SHIM_ARENA_HEADER). */
  static final int ARENA_HEADER = 64;

  /** dlopen flags: {@code RTLD_NOW} (2) and {@code RTLD_LOCAL} (0) on Linux. */
  static final int RTLD_NOW_LOCAL = 2;

  private TdlShim() {}

  /**
   * Loads and binds the shim once; later calls return at once. Called before any other method.
   *
   * @throws IllegalStateException when the platform is unsupported or the shim cannot be loaded or
   *     is of another revision: a broken installation, not a property of any package
   */
  static void ensureLoaded() {
    Holder.check();
  }

  /** Initialization-on-demand holder: binds the natives exactly once, remembering a failure. */
  private static final class Holder {
    private static final IllegalStateException FAILURE = bind();

    static void check() {
      if (FAILURE != null) {
        throw FAILURE;
      }
    }

    private static IllegalStateException bind() {
      if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || Native.SIZE_T_SIZE != 8) {
        return new IllegalStateException(
            "native packages are supported on 64-bit Linux only, not on "
                + Platform.RESOURCE_PREFIX
                + " with "
                + Native.POINTER_SIZE
                + "-byte pointers");
      }
      try {
        NativeLibrary shim =
            NativeLibrary.getInstance(
                LIBRARY_NAME,
                Map.of(
                    Library.OPTION_OPEN_FLAGS,
                    RTLD_NOW_LOCAL,
                    Library.OPTION_CLASSLOADER,
                    TdlShim.class.getClassLoader()));
        Native.register(TdlShim.class, shim);
      } catch (UnsatisfiedLinkError e) {
        return new IllegalStateException(
            "cannot load the JNA shim lib"
                + LIBRARY_NAME
                + ".so for "
                + Platform.RESOURCE_PREFIX
                + ": this build of the native loader does not bundle it for this platform, or it"
                + " is damaged; rebuild the native and native-loader modules on this architecture"
                + " (gcc is required). Cause: "
                + e.getMessage(),
            e);
      }
      int revision = spider_shim_abi_revision();
      if (revision != ABI_REVISION) {
        return new IllegalStateException(
            "the JNA shim lib"
                + LIBRARY_NAME
                + ".so found first on the library path is revision "
                + revision
                + ", this native loader needs revision "
                + ABI_REVISION
                + ": remove the stale copy from jna.library.path, the dynamic linker's library"
                + " paths or the executor's copies of its jar's libraries (<jar>-cds/<key>.jna)");
      }
      return null;
    }
  }

  // Names follow the C symbols; see spider_tdl_shim.c for each function's contract. Function
  // pointers and buffer addresses are passed as long (see the class doc).

  static native int spider_shim_abi_revision();

  /** Calls get_version; writes major, minor, patch as three uint32 into {@code out3}. */
  static native void spider_shim_get_version(long fn, Pointer out3);

  /** Calls get_name; writes the name's address to {@code outPtr}, its length to {@code outLen}. */
  static native void spider_shim_get_name(long fn, Pointer outPtr, Pointer outLen);

  /** Calls a {@code spider_tdl_result (*)(void)} (init); returns is_error as 0/1. */
  static native int spider_shim_call_result0(long fn, Pointer outPtr, Pointer outLen);

  /**
   * The fast path: one argument, the address of an arena laid out as described in spider_tdl_shim.c
   * (header of {@value #ARENA_HEADER} bytes: execute, free_result, capacity, the three argument
   * lengths, then the result pointer and length; the arguments after it, and the copied result in
   * their place). Returns is_error (bit 0) | copied-and-released (bit 1).
   */
  static native int spider_shim_execute_arena(long arena);

  /** Calls execute with the three arrays (copied by JNA); returns is_error as 0/1. */
  static native int spider_shim_execute(
      long fn,
      byte[] name,
      long nameLength,
      byte[] ctx,
      long ctxLength,
      byte[] inputs,
      long inputsLength,
      Pointer outPtr,
      Pointer outLen);

  /** Releases a result buffer (free_result when non-zero, else free()); nothing when len is 0. */
  static native void spider_shim_release(long freeResult, int isError, long ptr, long length);

  /** Copies {@code length} bytes at address {@code src} into {@code dst}. */
  static native void spider_shim_copy(long src, long length, byte[] dst);

  /**
   * Benchmark baseline: execute + release {@code iterations} times in C; returns the elapsed
   * nanoseconds, or -1 if a call returned an error.
   */
  static native long spider_shim_bench_execute_loop(
      long execute,
      long freeResult,
      byte[] name,
      long nameLength,
      byte[] ctx,
      long ctxLength,
      byte[] inputs,
      long inputsLength,
      long iterations);
}
