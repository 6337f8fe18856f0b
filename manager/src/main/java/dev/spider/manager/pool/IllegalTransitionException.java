package dev.spider.manager.pool;

/**
 * The pool asked an executor to move between two states the flow on {@link ExecutorState} does not
 * connect: handing out one that is still starting, or one that is already busy. The pool checks its
 * own sequencing, so this is a bug of the pool, never of its caller: report it with the message,
 * which names the executor, its pid and both states.
 */
final class IllegalTransitionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final long pid;
  private final ExecutorState from;
  private final ExecutorState to;

  IllegalTransitionException(String executorId, long pid, ExecutorState from, ExecutorState to) {
    super(
        executorId
            + " (pid "
            + pid
            + ") cannot move from "
            + from
            + " to "
            + to
            + " (a bug of the executor pool; please report it with this message)");
    this.pid = pid;
    this.from = from;
    this.to = to;
  }

  /** The process id of the executor. */
  long pid() {
    return pid;
  }

  /** The state it is in. */
  ExecutorState from() {
    return from;
  }

  /** The state it was asked to move to. */
  ExecutorState to() {
    return to;
  }
}
