package dev.spider.executor.packages;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageName;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.binding.PackageBinding;
import dev.spider.tdl.binding.TaskDefinitionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads JAR packages: validates the JAR and its libraries against {@link JarLimits}, checks the TDL
 * version its manifest records, creates its class loader, finds its one {@link TaskPackage}
 * provider, checks the declared name against the directory, binds its tasks, and runs its init
 * hook, in that order.
 *
 * <p>Call on the task thread: package code (constructor, init) runs on the calling thread, with the
 * package's class loader as context class loader. Stateless.
 */
public final class JarPackageLoader {

  /** The manifest attribute in which a package's build records its TDL version. */
  public static final String TDL_VERSION_ATTRIBUTE = "Spider-Tdl-Version";

  private static final Logger log = LoggerFactory.getLogger(JarPackageLoader.class);

  /**
   * Loads a package.
   *
   * @throws ExecutorFailure {@code InvalidLibrary}, {@code IncompatibleVersion}, {@code
   *     DuplicatePackage}, {@code PackageNameMismatch} or {@code PackageInitError}; nothing is kept
   *     on failure
   */
  public JarTaskPackage load(PackageLocation location) throws ExecutorFailure {
    PackageName name = location.name();
    Version version = checkJar(location.file(), name);
    for (Path library : location.libraries()) {
      JarLimits.check(library, name);
    }
    PackageClassLoader loader =
        new PackageClassLoader(name.value(), urls(location), TaskPackage.class.getClassLoader());
    boolean loaded = false;
    try {
      TaskPackage instance = instantiate(loader, location);
      String declared = declaredName(instance, loader, name);
      if (!name.value().equals(declared)) {
        throw new ExecutorFailure(
            ErrorKind.PACKAGE_NAME_MISMATCH,
            "package in directory "
                + name
                + " declares the name "
                + PackageName.printable(declared)
                + " ("
                + instance.getClass().getName()
                + ".name()); rename the directory or the package");
      }
      PackageBinding binding;
      try {
        binding = PackageBinding.bind(instance);
      } catch (TaskDefinitionException e) {
        throw new ExecutorFailure(
            ErrorKind.INVALID_LIBRARY, "package " + name + ": " + e.getMessage(), e);
      }
      runInit(instance, loader, name);
      JarTaskPackage pkg = new JarTaskPackage(name.value(), version, binding, loader);
      loaded = true;
      log.info("loaded JAR package {} (tdl {}) with tasks {}", name, version, binding.taskNames());
      return pkg;
    } catch (LinkageError e) {
      // A class the package refers to is missing or incompatible (a dependency not in lib/, or one
      // of the executor's, which packages cannot see).
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + " cannot be linked: "
              + e
              + "; bundle every dependency in "
              + name
              + "/lib/ (the executor's own are not visible)",
          e);
    } finally {
      if (!loaded) {
        try {
          loader.close();
        } catch (IOException e) {
          log.warn("closing the class loader of failed package {}: {}", name, e.toString());
        }
      }
    }
  }

  private static Version checkJar(Path jar, PackageName name) throws ExecutorFailure {
    try {
      if (Files.size(jar) == 0) {
        throw new ExecutorFailure(
            ErrorKind.INVALID_LIBRARY, "package " + name + ": " + jar + " is empty, not a JAR");
      }
    } catch (IOException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY, "package " + name + ": cannot read " + jar + ": " + e);
    }
    Optional<byte[]> manifestBytes = JarLimits.check(jar, name);
    Manifest manifest = null;
    if (manifestBytes.isPresent()) {
      try {
        manifest = new Manifest(new ByteArrayInputStream(manifestBytes.get()));
      } catch (IOException e) {
        throw new ExecutorFailure(
            ErrorKind.INVALID_LIBRARY,
            "package " + name + ": " + jar + " has an unreadable manifest (" + e.getMessage() + ")",
            e);
      }
    }
    String declared =
        manifest == null
            ? null
            : manifest.getMainAttributes().getValue(new Attributes.Name(TDL_VERSION_ATTRIBUTE));
    if (declared == null) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + ": "
              + jar
              + " records no TDL version; its build must write the manifest"
              + " attribute "
              + TDL_VERSION_ATTRIBUTE
              + " (e.g. "
              + Version.CURRENT
              + ")");
    }
    Version version;
    try {
      version = Version.parse(declared);
    } catch (IllegalArgumentException e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + ": manifest attribute "
              + TDL_VERSION_ATTRIBUTE
              + " "
              + e.getMessage());
    }
    if (!Version.CURRENT.isCompatibleWith(version)) {
      throw new ExecutorFailure(
          ErrorKind.INCOMPATIBLE_VERSION,
          "package "
              + name
              + " was built against TDL "
              + version
              + ", this executor speaks "
              + Version.CURRENT
              + "; rebuild the package against tdl-api "
              + Version.CURRENT);
    }
    return version;
  }

  private static List<URL> urls(PackageLocation location) throws ExecutorFailure {
    List<URL> urls = new ArrayList<>();
    try {
      urls.add(location.file().toUri().toURL());
      for (Path lib : location.libraries()) {
        urls.add(lib.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new ExecutorFailure(ErrorKind.INVALID_LIBRARY, "package " + location.name() + ": " + e);
    }
    return urls;
  }

  private static TaskPackage instantiate(PackageClassLoader loader, PackageLocation location)
      throws ExecutorFailure {
    PackageName name = location.name();
    List<ServiceLoader.Provider<TaskPackage>> providers;
    try {
      providers =
          ServiceLoader.load(TaskPackage.class, loader).stream().collect(Collectors.toList());
    } catch (ServiceConfigurationError e) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + ": its META-INF/services/"
              + TaskPackage.class.getName()
              + " is broken: "
              + e.getMessage(),
          e);
    }
    if (providers.isEmpty()) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package "
              + name
              + ": "
              + location.file()
              + " provides no "
              + TaskPackage.class.getName()
              + "; list the package class in META-INF/services/"
              + TaskPackage.class.getName());
    }
    if (providers.size() > 1) {
      throw new ExecutorFailure(
          ErrorKind.DUPLICATE_PACKAGE,
          "package "
              + name
              + " provides "
              + providers.size()
              + " TaskPackage classes ("
              + providers.stream().map(p -> p.type().getName()).collect(Collectors.joining(", "))
              + "); a package has exactly one");
    }
    try {
      return withContextLoader(loader, providers.get(0)::get);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      Throwable cause =
          t instanceof ServiceConfigurationError && t.getCause() != null ? t.getCause() : t;
      if (cause instanceof LinkageError linkage) {
        throw linkage; // reported as InvalidLibrary by load()
      }
      throw new ExecutorFailure(
          ExecutorError.of(
              ErrorKind.PACKAGE_INIT_ERROR,
              "package "
                  + name
                  + ": creating "
                  + providers.get(0).type().getName()
                  + " failed: "
                  + cause),
          t);
    }
  }

  private static String declaredName(TaskPackage instance, ClassLoader loader, PackageName name)
      throws ExecutorFailure {
    try {
      return withContextLoader(loader, instance::name);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      throw new ExecutorFailure(
          ErrorKind.INVALID_LIBRARY,
          "package " + name + ": " + instance.getClass().getName() + ".name() threw " + t,
          t);
    }
  }

  /** Package code that may throw anything. */
  private interface PackageCode<T> {
    T run() throws Throwable;
  }

  /** Runs package code with the package's loader as the thread's context class loader. */
  private static <T> T withContextLoader(ClassLoader loader, PackageCode<T> code) throws Throwable {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return code.run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void runInit(TaskPackage instance, ClassLoader loader, PackageName name)
      throws ExecutorFailure {
    try {
      withContextLoader(
          loader,
          () -> {
            instance.init();
            return null;
          });
    } catch (TdlError e) {
      throw new ExecutorFailure(
          new ExecutorError(
              ErrorKind.PACKAGE_INIT_ERROR,
              "package " + name + " init failed: " + e.kind().variantName() + ": " + e.getMessage(),
              Optional.of(e)),
          e);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      throw new ExecutorFailure(
          ExecutorError.of(ErrorKind.PACKAGE_INIT_ERROR, "package " + name + " init threw " + t),
          t);
    }
  }
}
