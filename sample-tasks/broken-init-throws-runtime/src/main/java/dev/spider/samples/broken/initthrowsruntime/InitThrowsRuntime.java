package dev.spider.samples.broken.initthrowsruntime;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code init_throws_runtime}: its init hook throws an unchecked exception instead of a
 * {@code TdlError}, so the executor must still answer {@code PackageInitError} (not crash, not
 * {@code UncaughtException}) and keep serving other packages.
 */
public final class InitThrowsRuntime implements TaskPackage {

  @Override
  public String name() {
    return "init_throws_runtime";
  }

  /** Fails with an unchecked exception, the case a careless package author produces. */
  @Override
  public void init() {
    throw new IllegalStateException("init_throws_runtime: intentional failure in init");
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
