package dev.spider.nativeloader;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The pointer-and-length out-parameters the shim's calls write ({@code out_ptr}, {@code out_len} in
 * {@code native/src/shim/spider_tdl_shim.c}): one 16-byte block of native memory, the pointer at
 * offset 0 and the length at offset 8, both 64-bit in native byte order.
 *
 * <p>Reused across calls, so not thread-safe: its owner serializes the calls that write it. {@link
 * #close()} frees the block; the owner must not use it afterwards.
 */
final class OutParameters implements AutoCloseable {

  private static final int POINTER = 0;
  private static final int LENGTH = 8;

  private final Memory memory = new Memory(16);
  private final Pointer lengthSlot = memory.share(LENGTH);

  /** Where the shim writes the returned pointer. */
  Pointer pointerSlot() {
    return memory;
  }

  /** Where the shim writes the returned length. */
  Pointer lengthSlot() {
    return lengthSlot;
  }

  /** The pointer the last call wrote, as an address. */
  long pointer() {
    return memory.getLong(POINTER);
  }

  /** The length the last call wrote (a {@code size_t}: negative means above 2^63 - 1). */
  long length() {
    return memory.getLong(LENGTH);
  }

  @Override
  public void close() {
    memory.close();
  }
}
