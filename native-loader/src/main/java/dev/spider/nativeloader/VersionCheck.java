package dev.spider.nativeloader;

import com.sun.jna.Memory;
import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.Version;
import java.nio.file.Path;

/**
 * The version step of the load sequence (docs/native-abi.md, "What the executor does when it loads
 * a package"): calls get_version and refuses a TDL version {@link Version#CURRENT} cannot run, as
 * {@link Kind#INCOMPATIBLE_VERSION}. Stateless and thread-safe.
 */
final class VersionCheck {

  private VersionCheck() {}

  /**
   * Calls the package's get_version at {@code getVersion}.
   *
   * @return the version the package was built against, compatible with {@link Version#CURRENT}
   * @throws NativeLoadException {@link Kind#INCOMPATIBLE_VERSION}, naming the reported version
   */
  static Version check(Path path, long getVersion) throws NativeLoadException {
    long major;
    long minor;
    long patch;
    try (Memory out3 = new Memory(12)) {
      TdlShim.spider_shim_get_version(getVersion, out3);
      // uint32 each: a component above Integer.MAX_VALUE is no version this executor knows.
      major = Integer.toUnsignedLong(out3.getInt(0));
      minor = Integer.toUnsignedLong(out3.getInt(4));
      patch = Integer.toUnsignedLong(out3.getInt(8));
    }
    if (major > Integer.MAX_VALUE
        || minor > Integer.MAX_VALUE
        || patch > Integer.MAX_VALUE
        || !Version.CURRENT.isCompatibleWith(new Version((int) major, (int) minor, (int) patch))) {
      throw new NativeLoadException(
          Kind.INCOMPATIBLE_VERSION,
          path,
          "native package library "
              + path
              + " was built against TDL "
              + major
              + "."
              + minor
              + "."
              + patch
              + ", which this executor (TDL "
              + Version.CURRENT
              + ") cannot run: rebuild the package against TDL "
              + Version.CURRENT.major()
              + "."
              + Version.CURRENT.minor()
              + ".x");
    }
    return new Version((int) major, (int) minor, (int) patch);
  }
}
