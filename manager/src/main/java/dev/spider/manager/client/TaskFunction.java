package dev.spider.manager.client;

import java.util.Objects;

/**
 * Which function of which task package a task instance runs: Spider's {@code TdlContext}, and the
 * {@code package} and {@code task_func} of the executor's Execute request.
 *
 * <p>Names are not validated here: a bad package name is the executor's to refuse ({@code
 * InvalidPackageName}), so it fails that one task through the normal failure report instead of
 * breaking the runtime loop.
 *
 * @param packageName the task package, a directory of the package directory
 * @param taskName the task function within the package
 */
public record TaskFunction(String packageName, String taskName) {

  public TaskFunction {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(taskName, "taskName");
  }

  /** {@code package::task}, for logs. */
  @Override
  public String toString() {
    return packageName + "::" + taskName;
  }
}
