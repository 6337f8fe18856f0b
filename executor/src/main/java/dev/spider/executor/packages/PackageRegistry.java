package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import java.util.HashMap;
import java.util.Map;

/**
 * The packages this executor has loaded, by name. A package is loaded on first use and kept for the
 * life of the executor; one whose load failed (init hook included) is not kept, so the next request
 * tries again.
 *
 * <p>Not thread-safe: used only by the task thread, which also runs package init code.
 */
public final class PackageRegistry implements AutoCloseable {

  /** Loads native packages; absent where the native loader is unavailable. */
  public interface NativeLoader {
    LoadedPackage load(PackageLocation location) throws ExecutorFailure;
  }

  private final PackageDirectory directory;
  private final JarPackageLoader jarLoader;
  private final NativeLoader nativeLoader;
  private final Map<String, LoadedPackage> loaded = new HashMap<>();

  public PackageRegistry(
      PackageDirectory directory, JarPackageLoader jarLoader, NativeLoader nativeLoader) {
    this.directory = directory;
    this.jarLoader = jarLoader;
    this.nativeLoader = nativeLoader;
  }

  /**
   * The loaded package of this name, loading it if needed.
   *
   * @throws ExecutorFailure with the kind of the first check that failed: name, location, version,
   *     declared name, init
   */
  public LoadedPackage get(String requestedName) throws ExecutorFailure {
    PackageName name = PackageName.parse(requestedName);
    LoadedPackage pkg = loaded.get(name.value());
    if (pkg != null) {
      return pkg;
    }
    PackageLocation location = directory.locate(name);
    pkg =
        location.kind() == PackageDescription.Kind.JAR
            ? jarLoader.load(location)
            : nativeLoader.load(location);
    loaded.put(name.value(), pkg);
    return pkg;
  }

  /** A native loader for builds or platforms without native support. */
  public static NativeLoader nativeUnsupported(String why) {
    return location -> {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package " + location.name() + " is native, but native packages are unavailable: " + why);
    };
  }

  @Override
  public void close() {
    loaded.values().forEach(LoadedPackage::close);
    loaded.clear();
  }
}
