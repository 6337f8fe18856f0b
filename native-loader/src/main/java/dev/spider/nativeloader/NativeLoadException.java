package dev.spider.nativeloader;

import dev.spider.tdl.TdlError;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A native package library could not be loaded. The {@link Kind} is the executor error kind the
 * failure is reported as (SPEC section 5); the message names the library, the offending value and
 * what to do about it.
 */
public final class NativeLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why loading failed, in load-sequence order; {@link #wireName()} is the executor error kind. */
  public enum Kind {
    /**
     * Not a loadable shared object (not ELF, wrong architecture, missing dependency), or a
     * required symbol (get_version, get_name, execute) is not exported.
     */
    INVALID_LIBRARY("InvalidLibrary"),
    /** The package was built against a TDL version this executor cannot run. */
    INCOMPATIBLE_VERSION("IncompatibleVersion"),
    /** The name the package declares is not valid UTF-8. */
    INVALID_UTF8("InvalidUtf8"),
    /** The name the package declares is not the name of the directory it was found in. */
    PACKAGE_NAME_MISMATCH("PackageNameMismatch"),
    /** The package's init hook returned an error. */
    PACKAGE_INIT_ERROR("PackageInitError");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The executor error kind as it appears on the wire, e.g. {@code "InvalidLibrary"}. */
    public String wireName() {
      return wireName;
    }
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
      throw new IllegalArgumentException("only a PackageInitError carries a TdlError, not " + kind);
    }
    this.initError = initError;
  }

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
