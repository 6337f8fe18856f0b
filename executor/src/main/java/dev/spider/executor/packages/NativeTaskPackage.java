package dev.spider.executor.packages;

import dev.spider.nativeloader.NativeLoadException;
import dev.spider.nativeloader.NativeOutcome;
import dev.spider.nativeloader.NativePackage;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded native package ({@code libP.so}, docs/native-abi.md), served through the same request
 * path as JAR packages. Its ABI cannot list tasks, so its description has none; an unknown task is
 * the package's own {@code TaskNotFound}. Native tasks cannot be interrupted.
 *
 * <p>This is where the native loader's failures become executor error kinds (docs/error-kinds.md):
 * the loader knows nothing of the protocol, so the mapping lives here, checked for completeness by
 * the compiler.
 *
 * <p>Thread-safe: the underlying {@link NativePackage} serializes calls into the package.
 */
public final class NativeTaskPackage implements LoadedPackage {

  private static final Logger log = LoggerFactory.getLogger(NativeTaskPackage.class);

  private final NativePackage library;

  private NativeTaskPackage(NativePackage library) {
    this.library = library;
  }

  /**
   * Loads a native package, mapping each load failure to its executor error kind.
   *
   * @throws ExecutorFailure {@code InvalidLibrary}, {@code IncompatibleVersion}, {@code
   *     InvalidUtf8}, {@code PackageNameMismatch} or {@code PackageInitError}
   */
  public static NativeTaskPackage load(PackageLocation location) throws ExecutorFailure {
    try {
      NativePackage library = NativePackage.load(location.file(), location.name().value());
      log.info(
          "loaded native package {} (tdl {}) from {}",
          library.name(),
          library.version(),
          location.file());
      return new NativeTaskPackage(library);
    } catch (NativeLoadException e) {
      throw new ExecutorFailure(
          new ExecutorError(errorKind(e.kind()), e.getMessage(), e.initError()), e);
    }
  }

  /**
   * The executor error kind a native load failure is reported as. A switch expression without a
   * default branch: a kind the loader adds fails this build until it is mapped.
   */
  static ErrorKind errorKind(NativeLoadException.Kind kind) {
    return switch (kind) {
      case INVALID_LIBRARY -> ErrorKind.INVALID_LIBRARY;
      case INCOMPATIBLE_VERSION -> ErrorKind.INCOMPATIBLE_VERSION;
      case INVALID_UTF8 -> ErrorKind.INVALID_UTF8;
      case PACKAGE_NAME_MISMATCH -> ErrorKind.PACKAGE_NAME_MISMATCH;
      case PACKAGE_INIT_ERROR -> ErrorKind.PACKAGE_INIT_ERROR;
    };
  }

  @Override
  public PackageDescription describe() {
    return new PackageDescription(
        library.name(), PackageDescription.Kind.NATIVE, library.version(), List.of());
  }

  @Override
  public byte[] execute(String taskName, byte[] rawContext, byte[] rawInputs) throws Throwable {
    NativeOutcome outcome = library.execute(taskName, rawContext, rawInputs);
    if (outcome instanceof NativeOutcome.Success success) {
      return success.outputs();
    }
    if (outcome instanceof NativeOutcome.TaskFailed failed) {
      throw failed.error();
    }
    if (outcome instanceof NativeOutcome.TooLarge tooLarge) {
      throw new ExecutorFailure(
          ErrorKind.OUTPUT_TOO_LARGE,
          "native package "
              + library.name()
              + " task "
              + taskName
              + " returned a "
              + (tooLarge.isError() ? "error" : "result")
              + " buffer of "
              + tooLarge.length()
              + " bytes, more than any frame can carry");
    }
    NativeOutcome.UndecodableError undecodable = (NativeOutcome.UndecodableError) outcome;
    throw new ExecutorFailure(
        ErrorKind.ERROR_PAYLOAD_DESERIALIZATION_FAILURE,
        "native package "
            + library.name()
            + " task "
            + taskName
            + " returned an error buffer of "
            + undecodable.raw().length
            + " bytes that is not a TdlError: "
            + undecodable.reason());
  }

  @Override
  public void close() {
    library.close();
  }

  @Override
  public String toString() {
    return "NativeTaskPackage[" + library + "]";
  }
}
