package dev.spider.nativeloader;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.spider.nativeloader.NativeLoadException.Kind;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened package library and the symbols of the TDL ABI in it (docs/native-abi.md, "The five
 * symbols"). A library that does not open, or lacks a required symbol, is {@link
 * Kind#INVALID_LIBRARY}.
 *
 * <p>The library is opened with {@code RTLD_NOW | RTLD_LOCAL}, so packages never interpose each
 * other's symbols. Holding an instance keeps it mapped: JNA unloads a {@link NativeLibrary} that
 * became unreachable. Immutable and thread-safe.
 */
final class PackageSymbols {

  static final String GET_VERSION = "__spider_tdl_package_get_version";
  static final String GET_NAME = "__spider_tdl_package_get_name";
  static final String INIT = "__spider_tdl_package_init";
  static final String EXECUTE = "__spider_tdl_package_execute";
  static final String FREE_RESULT = "__spider_tdl_package_free_result";

  private static final Logger LOG = LoggerFactory.getLogger(PackageSymbols.class);

  private final Path path;
  private final NativeLibrary library;

  private PackageSymbols(Path path, NativeLibrary library) {
    this.path = path;
    this.library = library;
  }

  /**
   * Opens the library at {@code path} (absolute and normalized).
   *
   * @throws NativeLoadException {@link Kind#INVALID_LIBRARY}, saying why the file did not load
   */
  static PackageSymbols open(Path path) throws NativeLoadException {
    try {
      return new PackageSymbols(
          path,
          NativeLibrary.getInstance(
              path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, TdlShim.RTLD_NOW_LOCAL)));
    } catch (UnsatisfiedLinkError e) {
      String problem = LibraryDiagnosis.fileProblem(path).map(p -> p + "; ").orElse("");
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "cannot load native package library "
              + path
              + ": "
              + problem
              + "dlopen said: "
              + LibraryDiagnosis.loaderMessage(e)
              + ". It must be a shared library built for "
              + Platform.RESOURCE_PREFIX
              + " whose dependencies resolve (its own ones in lib/ next to it, via RPATH"
              + " $ORIGIN/lib)",
          e);
    }
  }

  /** The opened library, which stays mapped while it is reachable. */
  NativeLibrary library() {
    return library;
  }

  /**
   * The address of a symbol the package must export.
   *
   * @throws NativeLoadException {@link Kind#INVALID_LIBRARY}, naming the missing symbol
   */
  long required(String symbol) throws NativeLoadException {
    try {
      return Pointer.nativeValue(library.getFunction(symbol));
    } catch (UnsatisfiedLinkError e) {
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "native package library "
              + path
              + " does not export the required symbol "
              + symbol
              + ": build it against spider_tdl.h and define the function with C linkage and"
              + " default visibility (SPIDER_TDL_EXPORT)",
          e);
    }
  }

  /** The address of a symbol the package may export; empty when it does not. */
  OptionalLong optional(String symbol) {
    try {
      return OptionalLong.of(Pointer.nativeValue(library.getFunction(symbol)));
    } catch (UnsatisfiedLinkError e) {
      // Absent optional symbols are normal (Spider's Rust packages export neither by default).
      LOG.debug("{} does not export the optional symbol {}: {}", library, symbol, e.getMessage());
      return OptionalLong.empty();
    }
  }
}
