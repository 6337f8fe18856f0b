package dev.spider.samples.broken.wrongtdlversion;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code wrong_tdl_version_jar}: a correct package whose JAR manifest records {@code
 * Spider-Tdl-Version: 0.2.0} (see this module's pom), incompatible with TDL 0.1, so the executor
 * must answer {@code IncompatibleVersion}.
 */
public final class WrongTdlVersion implements TaskPackage {

  @Override
  public String name() {
    return "wrong_tdl_version_jar";
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
