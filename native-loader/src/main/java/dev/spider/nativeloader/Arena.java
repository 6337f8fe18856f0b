package dev.spider.nativeloader;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The block of native memory of the fast call path, laid out as {@code spider_shim_execute_arena}
 * ({@code native/src/shim/spider_tdl_shim.c}) reads it: a {@value #HEADER}-byte header of uint64
 * fields, then the arguments, then (overwriting them) the result when the shim copied it.
 *
 * <p>Invariants: execute, free_result and the capacity are written once, here; the argument lengths
 * are written per call by {@link #putArguments}; the result pointer and length are written by the
 * shim. The capacity never changes: a larger arena is a new instance.
 *
 * <p>Not thread-safe: reused across calls, so its owner ({@link TaskCaller}) serializes them.
 * {@link #close()} frees the memory; the owner must not use the arena afterwards.
 */
final class Arena implements AutoCloseable {

  /** Bytes of the header (SPIDER_SHIM_ARENA_HEADER). */
  static final int HEADER = TdlShim.ARENA_HEADER;

  /** The size of a fresh arena (header included). */
  static final int INITIAL_BYTES = 64 * 1024;

  /** The largest arena kept; calls whose arguments need more take the slower array path. */
  static final int MAX_BYTES = 1024 * 1024;

  /** Bit of the shim's return value: the result is an error. */
  static final int STATUS_IS_ERROR = 1;

  /** Bit of the shim's return value: the result was copied into the arena and released. */
  static final int STATUS_COPIED = 2;

  private static final int EXECUTE = 0;
  private static final int FREE_RESULT = 8;
  private static final int CAPACITY = 16;
  private static final int NAME_LENGTH = 24;
  private static final int CTX_LENGTH = 32;
  private static final int INPUTS_LENGTH = 40;
  private static final int RESULT_POINTER = 48;
  private static final int RESULT_LENGTH = 56;

  private final Memory memory;
  private final long address;
  private final int capacity;

  /** A native-order view of the whole block, for plain (non-JNI) copies in and out. */
  private final ByteBuffer buffer;

  /**
   * @param capacity total bytes, header included
   * @param execute the package's execute function
   * @param freeResult the package's free_result function, or 0 to release with free()
   */
  Arena(int capacity, long execute, long freeResult) {
    this.memory = new Memory(capacity);
    this.address = Pointer.nativeValue(memory);
    this.capacity = capacity;
    this.buffer = memory.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
    buffer.putLong(EXECUTE, execute);
    buffer.putLong(FREE_RESULT, freeResult);
    buffer.putLong(CAPACITY, capacity);
  }

  /** The address the shim is handed. */
  long address() {
    return address;
  }

  /** Total bytes, header included. */
  int capacity() {
    return capacity;
  }

  /** Writes the three argument lengths and the arguments; they must fit after the header. */
  void putArguments(byte[] name, byte[] ctx, byte[] inputs) {
    buffer.putLong(NAME_LENGTH, name.length);
    buffer.putLong(CTX_LENGTH, ctx.length);
    buffer.putLong(INPUTS_LENGTH, inputs.length);
    buffer.put(HEADER, name);
    buffer.put(HEADER + name.length, ctx);
    buffer.put(HEADER + name.length + ctx.length, inputs);
  }

  /** The result pointer the shim wrote (meaningful when it did not copy the result). */
  long resultPointer() {
    return buffer.getLong(RESULT_POINTER);
  }

  /** The result length the shim wrote ({@code size_t}: negative means above 2^63 - 1). */
  long resultLength() {
    return buffer.getLong(RESULT_LENGTH);
  }

  /** The result the shim copied after the header, {@code length} bytes (it fits, or no copy). */
  byte[] copiedResult(int length) {
    byte[] bytes = new byte[length];
    buffer.get(HEADER, bytes);
    return bytes;
  }

  @Override
  public void close() {
    memory.close();
  }
}
