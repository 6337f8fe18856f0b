package dev.spider.samples.broken.namemismatch;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code name_mismatch_jar} but declaring the name {@code something_else}, so the
 * executor must answer {@code PackageNameMismatch}, before running {@link #init()}, which therefore
 * throws to make a wrong check order visible.
 */
public final class NameMismatch implements TaskPackage {

  @Override
  public String name() {
    return "something_else";
  }

  /** Must never run: the name check comes first. Throwing makes a wrong order visible. */
  @Override
  public void init() {
    throw new IllegalStateException(
        "name_mismatch_jar: init ran although the declared name does not match the directory");
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
