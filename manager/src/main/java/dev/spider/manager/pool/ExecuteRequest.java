package dev.spider.manager.pool;

import java.util.Arrays;
import java.util.Objects;

/**
 * One task execution as the pool sends it to an executor: package, task, the encoded task context
 * and the wire-format inputs. Byte arrays are copied in and never exposed for mutation, so it is
 * immutable and thread-safe.
 */
public final class ExecuteRequest {

  private final String packageName;
  private final String taskName;
  private final byte[] rawContext;
  private final byte[] rawInputs;

  public ExecuteRequest(String packageName, String taskName, byte[] rawContext, byte[] rawInputs) {
    this.packageName = Objects.requireNonNull(packageName, "packageName");
    this.taskName = Objects.requireNonNull(taskName, "taskName");
    this.rawContext = rawContext.clone();
    this.rawInputs = rawInputs.clone();
  }

  public String packageName() {
    return packageName;
  }

  public String taskName() {
    return taskName;
  }

  /** A copy of the encoded task context. */
  public byte[] rawContext() {
    return rawContext.clone();
  }

  /** A copy of the wire-format inputs. */
  public byte[] rawInputs() {
    return rawInputs.clone();
  }

  byte[] rawContextUnsafe() {
    return rawContext;
  }

  byte[] rawInputsUnsafe() {
    return rawInputs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecuteRequest r
        && packageName.equals(r.packageName)
        && taskName.equals(r.taskName)
        && Arrays.equals(rawContext, r.rawContext)
        && Arrays.equals(rawInputs, r.rawInputs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(packageName, taskName) * 31 + Arrays.hashCode(rawInputs);
  }

  @Override
  public String toString() {
    return packageName
        + "/"
        + taskName
        + " (ctx "
        + rawContext.length
        + " B, inputs "
        + rawInputs.length
        + " B)";
  }
}
