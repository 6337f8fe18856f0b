package dev.spider.samples.broken.noprovider;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code no_provider}: a correct package class in a JAR that has no {@code
 * META-INF/services/dev.spider.tdl.TaskPackage} entry, so {@code ServiceLoader} finds no provider
 * and the executor must answer {@code InvalidLibrary}. Everything else about it is right.
 */
public final class NoProvider implements TaskPackage {

  @Override
  public String name() {
    return "no_provider";
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
