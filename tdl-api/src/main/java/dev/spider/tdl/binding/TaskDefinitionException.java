package dev.spider.tdl.binding;

/**
 * A package class declares its tasks wrongly: a duplicate task name, a task whose first parameter
 * is not {@code TaskContext}, a type with no TDL mapping, a non-public task method. The message
 * names the package class, the method and the fix.
 */
public final class TaskDefinitionException extends Exception {

  private static final long serialVersionUID = 1L;

  public TaskDefinitionException(String message) {
    super(message);
  }

  public TaskDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
