package dev.spider.samples.isolation.probe;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * The Java package {@code isolation_probe}: looks at its own class loader from the inside, so tests
 * can check what a package sees when run in the executor: none of the executor's own dependencies
 * (MessagePack, Guava, SLF4J...), tdl-api from the parent, and its own loader as the task thread's
 * context class loader (which libraries using {@code ServiceLoader} rely on).
 */
public final class IsolationProbe implements TaskPackage {

  /** The package name, which is also its directory name in a package directory. */
  public static final String NAME = "isolation_probe";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Whether {@code className} can be loaded through this package's class loader, without
   * initializing it. In the executor, classes of the executor's dependencies (e.g. {@code
   * org.msgpack.core.MessagePack}, {@code com.google.common.collect.ImmutableList}, {@code
   * org.slf4j.LoggerFactory}) must give false; JDK and tdl-api classes true.
   */
  @Task("load_executor_class")
  public boolean loadExecutorClass(TaskContext context, String className) {
    try {
      Class.forName(className, false, IsolationProbe.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether the system property {@code name} is set at all (an empty value counts as set): the
   * executor sets some of JNA's properties only around its own start-up, which a package's own copy
   * of JNA must not see.
   */
  @Task("system_property_is_set")
  public boolean systemPropertyIsSet(TaskContext context, String name) {
    return System.getProperty(name) != null;
  }

  /** Whether the task thread's context class loader is this package's own class loader. */
  @Task("context_class_loader_is_package_loader")
  public boolean contextClassLoaderIsPackageLoader(TaskContext context) {
    return Thread.currentThread().getContextClassLoader() == IsolationProbe.class.getClassLoader();
  }

  /**
   * Whether tdl-api was loaded by another loader than this package's: true in the executor, where
   * tdl-api comes parent-first so the executor and the package share its classes.
   */
  @Task("tdl_api_loaded_by_parent")
  public boolean tdlApiLoadedByParent(TaskContext context) {
    return TaskPackage.class.getClassLoader() != IsolationProbe.class.getClassLoader();
  }
}
