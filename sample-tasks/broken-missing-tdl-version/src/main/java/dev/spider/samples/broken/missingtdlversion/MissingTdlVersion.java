package dev.spider.samples.broken.missingtdlversion;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code missing_tdl_version_jar}: a correct package whose JAR manifest has no {@code
 * Spider-Tdl-Version} attribute (this module's pom writes none), so the executor cannot check the
 * TDL version it was built against and must refuse it.
 */
public final class MissingTdlVersion implements TaskPackage {

  @Override
  public String name() {
    return "missing_tdl_version_jar";
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
