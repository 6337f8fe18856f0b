package dev.spider.nativeloader;

import dev.spider.tdl.TdlError;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A native package library could not be loaded: the {@link Kind} of the first check that failed
 * (docs/native-abi.md, "What the executor does when it loads a package"), and a one-line message
 * naming the library, the offending value and what to do about it.
 *
 * <p>Invariant: only a {@link Kind#PACKAGE_INIT_ERROR} may carry the init hook's {@link TdlError}.
 * Its own fields are final, so it may be handed between threads like any exception.
 */
public final class NativeLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Why loading failed, in load-sequence order. This module knows nothing of the executor's
   * protocol: the executor maps each kind to the error kind it reports (docs/error-kinds.md), in an
   * exhaustive switch, so a kind added here cannot go unmapped there.
   */
  public enum Kind {
    /**
     * Not a loadable shared object (not ELF, wrong architecture, missing dependency), or a required
     * symbol (get_version, get_name, execute) is not exported.
     */
    INVALID_LIBRARY,
    /** The package was built against a TDL version this executor cannot run. */
    INCOMPATIBLE_VERSION,
    /** The name the package declares is not valid UTF-8. */
    INVALID_UTF8,
    /** The name the package declares is not the name of the directory it was found in. */
    PACKAGE_NAME_MISMATCH,
    /** The package's init hook returned an error. */
    PACKAGE_INIT_ERROR
  }

  private final Kind kind;
  private final Path library;
  private final TdlError initError;

  NativeLoadException(Kind kind, Path library, String message) {
    this(kind, library, message, null, null);
  }

  NativeLoadException(Kind kind, Path library, String message, Throwable cause) {
    this(kind, library, message, null, cause);
  }

  NativeLoadException(Kind kind, Path library, String message, TdlError initError) {
    this(kind, library, message, initError, null);
  }

  private NativeLoadException(
      Kind kind, Path library, String message, TdlError initError, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.library = Objects.requireNonNull(library, "library");
    if (initError != null && kind != Kind.PACKAGE_INIT_ERROR) {
      throw new IllegalArgumentException(
          "only a PACKAGE_INIT_ERROR carries the init hook's TdlError, not " + kind);
    }
    this.initError = initError;
  }

  /** Which load check failed. */
  public Kind kind() {
    return kind;
  }

  /** The library that failed to load, as it was given to {@link NativePackage#load}. */
  public Path library() {
    return library;
  }

  /**
   * For {@link Kind#PACKAGE_INIT_ERROR}: the TdlError the init hook returned, when its error buffer
   * decoded as one; empty otherwise (and for every other kind).
   */
  public Optional<TdlError> initError() {
    return Optional.ofNullable(initError);
  }
}
