package dev.spider.samples.broken.twoproviders;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * The first of two package classes that {@code two_providers}'s services file names, so {@code
 * ServiceLoader} finds more than one provider and the executor must answer {@code
 * DuplicatePackage}. Both declare the directory's name, so nothing else is wrong.
 */
public final class FirstProvider implements TaskPackage {

  @Override
  public String name() {
    return "two_providers";
  }

  /** A harmless task, so that the package's only defect is the deliberate one. */
  @Task("ping")
  public String ping(TaskContext context) {
    return "pong";
  }
}
