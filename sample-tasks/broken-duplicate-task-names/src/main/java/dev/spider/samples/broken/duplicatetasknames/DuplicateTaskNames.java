package dev.spider.samples.broken.duplicatetasknames;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * Deployed as {@code duplicate_task_names}: two methods both declare the task {@code echo}, so
 * binding the package's tasks fails and the executor must refuse the package rather than pick one
 * of them.
 */
public final class DuplicateTaskNames implements TaskPackage {

  @Override
  public String name() {
    return "duplicate_task_names";
  }

  /** The first task named {@code echo}. */
  @Task("echo")
  public String echo(TaskContext context, String text) {
    return text;
  }

  /** The second task named {@code echo}: the deliberate defect. */
  @Task("echo")
  public String echoAgain(TaskContext context, String text) {
    return text + text;
  }
}
