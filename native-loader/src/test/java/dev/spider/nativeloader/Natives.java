package dev.spider.nativeloader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the unpacked natives zip is: the system property {@code spider.natives.dir} (set by the
 * build), else {@code target/natives} under the working directory.
 */
final class Natives {

  private Natives() {}

  static Path dir() {
    String configured = System.getProperty("spider.natives.dir");
    Path dir = Path.of(configured != null ? configured : "target/natives").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("packages"))) {
      throw new IllegalStateException(
          "no unpacked natives at "
              + dir
              + ": build the native module, then run the"
              + " native-loader build (it unpacks dev.spider:native:zip:natives there)");
    }
    return dir;
  }

  /** The library of a sample package: packages/&lt;name&gt;/lib&lt;name&gt;.so. */
  static Path samplePackage(String name) {
    return dir().resolve("packages").resolve(name).resolve("lib" + name + ".so");
  }

  /** The library of a broken package: broken-packages/&lt;name&gt;/lib&lt;name&gt;.so. */
  static Path brokenPackage(String name) {
    return dir().resolve("broken-packages").resolve(name).resolve("lib" + name + ".so");
  }
}
