package dev.spider.nativeloader;

import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.internal.Utf8;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The name step of the load sequence (docs/native-abi.md, "What the executor does when it loads a
 * package"): calls get_name and requires valid UTF-8 ({@link Kind#INVALID_UTF8}) equal to the name
 * of the directory the library was found in ({@link Kind#PACKAGE_NAME_MISMATCH}). It runs before
 * init, so a misplaced package runs none of its code beyond the two getters. Stateless and
 * thread-safe.
 */
final class NameCheck {

  /** Longer names are not read: no valid package name comes close (at most 128 characters). */
  static final int MAX_NAME_BYTES = 4096;

  private NameCheck() {}

  /**
   * Calls the package's get_name at {@code getName}.
   *
   * @return the declared name, equal to {@code expectedName}
   * @throws NativeLoadException {@link Kind#INVALID_UTF8} or {@link Kind#PACKAGE_NAME_MISMATCH}
   *     naming the declared and the expected name; {@link Kind#INVALID_LIBRARY} for a null name
   *     pointer
   */
  static String check(Path path, long getName, String expectedName) throws NativeLoadException {
    long address;
    long length;
    try (OutParameters out = new OutParameters()) {
      TdlShim.spider_shim_get_name(getName, out.pointerSlot(), out.lengthSlot());
      address = out.pointer();
      length = out.length();
    }
    if (length < 0 || length > MAX_NAME_BYTES) {
      throw new NativeLoadException(
          Kind.PACKAGE_NAME_MISMATCH,
          path,
          "native package library "
              + path
              + " declares a name of "
              + Long.toUnsignedString(length)
              + " bytes, but it was found in the directory '"
              + expectedName
              + "' and package names are at most 128 characters: fix the name it declares");
    }
    if (address == 0 && length > 0) {
      throw new NativeLoadException(
          Kind.INVALID_LIBRARY,
          path,
          "native package library "
              + path
              + " returned a null name pointer with length "
              + length
              + " from "
              + PackageSymbols.GET_NAME
              + ": it must point to the name's bytes (static storage)");
    }
    byte[] bytes = new byte[(int) length];
    TdlShim.spider_shim_copy(address, length, bytes);
    String declared = decode(path, bytes, expectedName);
    if (!declared.equals(expectedName)) {
      throw new NativeLoadException(
          Kind.PACKAGE_NAME_MISMATCH,
          path,
          "native package library "
              + path
              + " declares the name '"
              + declared
              + "' but was found in the directory '"
              + expectedName
              + "': a package must be deployed as <package dir>/<its name>/lib<its name>.so;"
              + " rename the directory or fix the name the package declares");
    }
    return declared;
  }

  /** Strict UTF-8: malformed input is an error, never replaced. */
  private static String decode(Path path, byte[] bytes, String expectedName)
      throws NativeLoadException {
    try {
      return Utf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new NativeLoadException(
          Kind.INVALID_UTF8,
          path,
          "native package library "
              + path
              + " declares a name that is not valid UTF-8 (bytes "
              + HexFormat.of().formatHex(bytes)
              + "): the name must be UTF-8, equal to its directory name '"
              + expectedName
              + "'",
          e);
    }
  }
}
