package dev.spider.tdl;

/**
 * A Java task package: the one class of a package JAR that the executor finds through {@link
 * java.util.ServiceLoader} (list it in {@code META-INF/services/dev.spider.tdl.TaskPackage}).
 *
 * <p>Its tasks are its public methods annotated with {@link Task}; each takes a {@link TaskContext}
 * first and then its inputs, and returns its output (see {@link Task} for the type mapping). The
 * executor creates one instance per package per executor process, checks that {@link #name()}
 * equals the package's directory name, calls {@link #init()} once, and then runs tasks on it, one
 * at a time, always on the executor's task thread.
 */
public interface TaskPackage {

  /**
   * The package name. Must equal the name of the directory the package is deployed under and match
   * {@code [A-Za-z0-9_-]{1,128}}.
   */
  String name();

  /**
   * Runs once when the executor loads the package, before its first task and after the name check.
   * Throwing fails the request that loaded the package with {@code PackageInitError}; the package
   * is then not kept, and the next request tries to load it again.
   */
  default void init() throws TdlError {}
}
