package dev.spider.nativeloader;

import dev.spider.tdl.TdlError;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What one call of a native package's execute function produced. The package's result buffer has
 * always been copied (where it could be) and released by the time an outcome exists; the byte
 * arrays here are fresh copies owned by the receiver, so an outcome may be handed to another thread
 * (safely published) and its arrays changed without touching the package's memory.
 */
public sealed interface NativeOutcome {

  /**
   * The task succeeded; {@code outputs} is its result buffer verbatim, normally the task outputs in
   * the wire format (the loader does not validate it).
   */
  record Success(byte[] outputs) implements NativeOutcome {
    public Success {
      Objects.requireNonNull(outputs, "outputs");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Success that && Arrays.equals(outputs, that.outputs);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(outputs);
    }

    @Override
    public String toString() {
      return "Success[" + outputs.length + " bytes]";
    }
  }

  /** The task failed with a TdlError (its error buffer decoded as one). */
  record TaskFailed(TdlError error) implements NativeOutcome {
    public TaskFailed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The package returned an error result the executor cannot use: the buffer is not exactly one
   * MessagePack TdlError (or is empty, or a null pointer with a non-zero length, in which case
   * {@code raw} is empty). Reported as {@code ErrorPayloadDeserializationFailure}.
   *
   * @param raw the error buffer as returned
   * @param reason why it could not be decoded
   */
  record UndecodableError(byte[] raw, String reason) implements NativeOutcome {
    public UndecodableError {
      Objects.requireNonNull(raw, "raw");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof UndecodableError that
          && Arrays.equals(raw, that.raw)
          && reason.equals(that.reason);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(raw) + reason.hashCode();
    }

    @Override
    public String toString() {
      String prefix = HexFormat.of().formatHex(raw, 0, Math.min(raw.length, 32));
      return "UndecodableError["
          + raw.length
          + " bytes "
          + prefix
          + (raw.length > 32 ? "…" : "")
          + ": "
          + reason
          + "]";
    }
  }

  /**
   * The result buffer is too large for a Java array (more than {@link
   * NativePackage#MAX_RESULT_BYTES} bytes); it was released without being copied. Reported as
   * {@code OutputTooLarge}.
   *
   * @param length the buffer's length in bytes (unsigned 64-bit in the ABI; saturated at {@link
   *     Long#MAX_VALUE})
   * @param isError whether the package marked the result as an error
   */
  record TooLarge(long length, boolean isError) implements NativeOutcome {}
}
