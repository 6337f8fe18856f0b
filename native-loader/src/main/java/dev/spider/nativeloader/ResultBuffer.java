package dev.spider.nativeloader;

import com.sun.jna.Pointer;

/**
 * A result buffer that init or execute returned and that this loader must give back to the package
 * exactly once (docs/native-abi.md, "Who frees a result buffer").
 *
 * <p><b>Invariant:</b> an instance owns one real buffer (a non-null pointer with a non-zero length)
 * from {@link #adopt} until {@link #close()}, and hands it to its {@link Release} exactly once,
 * whatever happens: used in a try-with-resources block, as {@link #take} does, it is released even
 * when copying it fails; {@link #close()} is idempotent, marks the buffer released before handing
 * it over (so a release that throws is never retried into a double free), and {@link #copy()}
 * refuses to read a buffer already released. Zero-length buffers (possibly dangling pointers) and
 * null pointers are never adopted, hence never released.
 *
 * <p>Not thread-safe: confined to the thread that made the native call, which holds the package's
 * call lock (see {@link TaskCaller}).
 */
final class ResultBuffer implements AutoCloseable {

  /** How a buffer goes back to the package: its free_result, or free(). */
  @FunctionalInterface
  interface Release {
    /** Releases the buffer; called at most once per buffer. */
    void release(boolean isError, long address, long length);
  }

  private final boolean isError;
  private final long address;
  private final long length;
  private final Release release;
  private boolean released;

  private ResultBuffer(boolean isError, long address, long length, Release release) {
    this.isError = isError;
    this.address = address;
    this.length = length;
    this.release = release;
  }

  /**
   * The release through the shim: {@code freeResult} (the package's free_result) when non-zero,
   * else free().
   */
  static Release releaseThroughShim(long freeResult) {
    return (isError, address, length) ->
        TdlShim.spider_shim_release(freeResult, isError ? 1 : 0, address, length);
  }

  /**
   * Takes ownership of the buffer a call returned.
   *
   * @throws IllegalArgumentException for a null pointer or a zero length, which are not buffers
   *     anyone may release (use {@link #take}, which handles them)
   */
  static ResultBuffer adopt(boolean isError, long address, long length, Release release) {
    if (address == 0 || length == 0) {
      throw new IllegalArgumentException(
          "not a releasable buffer: address "
              + Long.toHexString(address)
              + ", length "
              + Long.toUnsignedString(length)
              + "; zero-length buffers and null pointers are never released");
    }
    return new ResultBuffer(isError, address, length, release);
  }

  /**
   * Copies what a call returned (unless it is too large or a null pointer) and releases it exactly
   * once, before returning; zero-length buffers and null pointers are neither read nor released.
   */
  static TakenResult take(boolean isError, long address, long length, Release release) {
    if (length == 0) {
      // Rust hands out dangling pointers for empty buffers: never read nor release them.
      return new TakenResult.Copied(isError, new byte[0]);
    }
    if (address == 0) {
      return new TakenResult.NullPointer(isError, length);
    }
    try (ResultBuffer buffer = adopt(isError, address, length, release)) {
      return buffer.copy();
    }
  }

  /**
   * Copies the buffer into a Java array, or only notes its length when it is longer than {@link
   * NativePackage#MAX_RESULT_BYTES}. Does not release it.
   *
   * @throws IllegalStateException once the buffer was released: its memory is the package's again
   */
  TakenResult copy() {
    if (released) {
      throw new IllegalStateException(
          "result buffer at "
              + Long.toHexString(address)
              + " was already released; copy it"
              + " before closing the ResultBuffer");
    }
    if (length < 0 || length > NativePackage.MAX_RESULT_BYTES) {
      return new TakenResult.TooLarge(isError, length);
    }
    byte[] bytes = new byte[(int) length];
    new Pointer(address).read(0, bytes, 0, bytes.length);
    return new TakenResult.Copied(isError, bytes);
  }

  /** Releases the buffer unless that was done already. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    // Set first: if the release throws, a second attempt could free the buffer twice.
    released = true;
    release.release(isError, address, length);
  }
}
