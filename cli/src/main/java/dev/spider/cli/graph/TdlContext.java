package dev.spider.cli.graph;

import java.util.Objects;

/**
 * Which task function a graph task runs: {@code {"package": "P", "task_func": "f"}}. Upstream
 * validates neither name; an execution manager resolves them (docs/package-layout.md).
 *
 * <p>Immutable.
 *
 * @param packageName the TDL package, {@code package} in JSON
 * @param taskFunc the task function within it
 */
public record TdlContext(String packageName, String taskFunc) {

  public TdlContext {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(taskFunc, "taskFunc");
  }

  /** {@code package::task_func}, for messages. */
  @Override
  public String toString() {
    return packageName + "::" + taskFunc;
  }
}
