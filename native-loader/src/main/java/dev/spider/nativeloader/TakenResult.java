package dev.spider.nativeloader;

import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;

/**
 * What is left of a result buffer once the package no longer owns it: its bytes, copied before it
 * was released; or only its length, when it was too large to copy; or a null pointer with a
 * non-zero length, which was never a buffer and was neither read nor released. Produced only by
 * {@link ResultBuffer#take}, so by the time one exists the package's buffer has been dealt with.
 *
 * <p>Immutable in practice (the copied bytes are never changed) and confined to the calling thread.
 */
sealed interface TakenResult {

  /** Whether the package marked the result as an error. */
  boolean isError();

  /** The outcome a task call reports for this result. */
  NativeOutcome toOutcome();

  /** The buffer's bytes, copied before it was released (empty for a zero-length buffer). */
  record Copied(boolean isError, byte[] bytes) implements TakenResult {
    @Override
    public NativeOutcome toOutcome() {
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
   * A buffer longer than {@link NativePackage#MAX_RESULT_BYTES}, released without being copied.
   *
   * @param length as the package returned it ({@code size_t}: negative means above 2^63 - 1)
   */
  record TooLarge(boolean isError, long length) implements TakenResult {
    /** The length as an unsigned decimal number, for messages. */
    String describeLength() {
      return Long.toUnsignedString(length);
    }

    @Override
    public NativeOutcome toOutcome() {
      return new NativeOutcome.TooLarge(length < 0 ? Long.MAX_VALUE : length, isError);
    }
  }

  /**
   * A null pointer with a non-zero length: nothing to copy, and nothing free() or free_result could
   * safely be handed, so it was not released.
   */
  record NullPointer(boolean isError, long length) implements TakenResult {
    /** What the package returned, for messages. */
    String describe() {
      return "a null pointer with length " + Long.toUnsignedString(length);
    }

    @Override
    public NativeOutcome toOutcome() {
      return new NativeOutcome.UndecodableError(
          new byte[0], "the package returned " + describe() + " as its result buffer");
    }
  }
}
