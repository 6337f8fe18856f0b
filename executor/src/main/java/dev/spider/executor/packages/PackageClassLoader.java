package dev.spider.executor.packages;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class loader of one JAR package: child-first over the package JAR and its {@code lib/*.jar},
 * so two packages bundling conflicting versions of a library each see their own.
 *
 * <p>Resolution order, by class name:
 *
 * <ol>
 *   <li>names starting with a {@linkplain #PARENT_FIRST parent-first prefix} (the TDL API) come
 *       from the API loader, so {@code TaskPackage}, {@code TaskContext} and friends are the same
 *       classes on both sides of the boundary;
 *   <li>{@code java.*} and every other package of the JDK's own modules ({@code javax.xml.*},
 *       {@code org.w3c.dom}, {@code javax.sql}...) come from the platform loader, so a package
 *       bundling an old API JAR (xml-apis, stax-api...) cannot shadow the JDK's copy;
 *   <li>everything else comes from the package's own JARs, then from the platform loader. The
 *       executor's class path (MessagePack, Guava, SLF4J...) is never consulted, so packages cannot
 *       see the executor's dependencies.
 * </ol>
 *
 * <p>Parallel capable. After {@link #close()} every lookup fails with an {@link
 * IllegalStateException} naming the package: a class or thread of a discarded package is still in
 * use.
 */
final class PackageClassLoader extends URLClassLoader {

  /** Class-name prefixes always loaded from the API loader. */
  static final List<String> PARENT_FIRST = List.of("dev.spider.tdl.");

  /**
   * Exceptions to {@link #PARENT_FIRST}: the API's internals, whose signatures name the executor's
   * MessagePack types. A package referring to them gets a plain ClassNotFoundException rather than
   * a LinkageError deep inside.
   */
  static final List<String> NEVER_SHARED = List.of("dev.spider.tdl.internal.");

  /** The packages of the JDK's modules, those defined to the boot and platform loaders. */
  private static final Set<String> JDK_PACKAGES = jdkPackages();

  static {
    registerAsParallelCapable();
  }

  private final String packageName;
  private final ClassLoader apiLoader;
  private volatile boolean closed;

  PackageClassLoader(String packageName, List<URL> jars, ClassLoader apiLoader) {
    super("package:" + packageName, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    this.packageName = packageName;
    this.apiLoader = apiLoader;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    checkOpen(name);
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = loadUnlocked(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> loadUnlocked(String name) throws ClassNotFoundException {
    boolean shared =
        PARENT_FIRST.stream().anyMatch(name::startsWith)
            && NEVER_SHARED.stream().noneMatch(name::startsWith);
    if (shared) {
      return apiLoader.loadClass(name);
    }
    if (name.startsWith("java.") || JDK_PACKAGES.contains(packageOf(name))) {
      return getParent().loadClass(name);
    }
    try {
      return findClass(name);
    } catch (ClassNotFoundException notInPackage) {
      return getParent().loadClass(name);
    }
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static Set<String> jdkPackages() {
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    return ModuleLayer.boot().modules().stream()
        .filter(m -> m.getClassLoader() == null || m.getClassLoader() == platform)
        .flatMap(m -> m.getPackages().stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public URL getResource(String name) {
    checkOpen(name);
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    checkOpen(name);
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  private void checkOpen(String name) {
    if (closed) {
      throw new IllegalStateException(
          "class loader of package "
              + packageName
              + " is closed but was asked for "
              + name
              + ": a class, thread or object of a discarded package instance is still in use");
    }
  }

  @Override
  public String toString() {
    return "PackageClassLoader[" + packageName + ", " + List.of(getURLs()) + "]";
  }
}
