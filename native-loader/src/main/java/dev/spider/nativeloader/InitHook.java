package dev.spider.nativeloader;

import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init step of the load sequence (docs/native-abi.md, "What the executor does when it loads a
 * package"): runs the package's optional init hook once and turns an error result into {@link
 * Kind#PACKAGE_INIT_ERROR}, carrying the decoded {@link TdlError} when the buffer is one. The
 * hook's result buffer is released exactly once like any other ({@link ResultBuffer}). Stateless
 * and thread-safe; the hook itself runs on the calling thread.
 */
final class InitHook {

  private static final Logger LOG = LoggerFactory.getLogger(InitHook.class);

  /** Bytes of an undecodable error buffer shown in the message. */
  private static final int SHOWN_BYTES = 64;

  private InitHook() {}

  /**
   * Calls the init hook at {@code init} and releases its result buffer through {@code release}.
   *
   * @throws NativeLoadException {@link Kind#PACKAGE_INIT_ERROR} when the hook returned an error
   */
  static void run(Path path, String name, long init, ResultBuffer.Release release)
      throws NativeLoadException {
    LOG.debug("running the init hook of native package '{}'", name);
    TakenResult result;
    try (OutParameters out = new OutParameters()) {
      int isError = TdlShim.spider_shim_call_result0(init, out.pointerSlot(), out.lengthSlot());
      result = ResultBuffer.take(isError != 0, out.pointer(), out.length(), release);
    }
    if (!result.isError()) {
      return;
    }
    String prefix = "the init hook of native package '" + name + "' (" + path + ") failed";
    if (result instanceof TakenResult.NullPointer nullPointer) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR, path, prefix + ", returning " + nullPointer.describe());
    }
    if (result instanceof TakenResult.TooLarge tooLarge) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR,
          path,
          prefix
              + " with an error buffer of "
              + tooLarge.describeLength()
              + " bytes, too large"
              + " to read");
    }
    byte[] bytes = ((TakenResult.Copied) result).bytes();
    TdlError error;
    try {
      error = TdlError.decode(bytes);
    } catch (CodecException e) {
      throw new NativeLoadException(
          Kind.PACKAGE_INIT_ERROR,
          path,
          prefix
              + " with an error buffer that is not a TdlError ("
              + e.getMessage()
              + "; bytes "
              + hexPrefix(bytes)
              + ")",
          e);
    }
    throw new NativeLoadException(
        Kind.PACKAGE_INIT_ERROR,
        path,
        prefix + ": " + error.kind().variantName() + ": " + error.getMessage(),
        error);
  }

  private static String hexPrefix(byte[] bytes) {
    int shown = Math.min(bytes.length, SHOWN_BYTES);
    return HexFormat.of().formatHex(bytes, 0, shown) + (bytes.length > shown ? "…" : "");
  }
}
