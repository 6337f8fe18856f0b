package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.nativeloader.NativeLoadException;
import dev.spider.nativeloader.NativeOutcome;
import dev.spider.nativeloader.NativePackage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded native package ({@code libP.so}), served through the same request path as JAR packages.
 * Its ABI cannot list tasks, so its description has none; an unknown task is the package's own
 * {@code TaskNotFound}. Native tasks cannot be interrupted.
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
      log.info("loaded native package {} (tdl {}) from {}", library.name(), library.version(), location.file());
      return new NativeTaskPackage(library);
    } catch (NativeLoadException e) {
      ErrorKind kind =
          ErrorKind.fromWireName(e.kind().wireName())
              .orElseThrow(() -> new IllegalStateException("unmapped native load failure " + e.kind()));
      throw new ExecutorFailure(new ExecutorError(kind, e.getMessage(), e.initError()), e);
    }
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
          "native package " + library.name() + " task " + taskName + " returned a "
              + (tooLarge.isError() ? "error" : "result") + " buffer of " + tooLarge.length()
              + " bytes, more than any frame can carry");
    }
    NativeOutcome.UndecodableError undecodable = (NativeOutcome.UndecodableError) outcome;
    throw new ExecutorFailure(
        ErrorKind.ERROR_PAYLOAD_DESERIALIZATION_FAILURE,
        "native package " + library.name() + " task " + taskName + " returned an error buffer of "
            + undecodable.raw().length + " bytes that is not a TdlError: " + undecodable.reason());
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
