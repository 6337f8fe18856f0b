package dev.spider.manager.pool;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ExecutorState} of one executor and, once it is dead, why.
 *
 * <p>Invariants: the state only moves along the flow on {@link ExecutorState}; {@link #death()} is
 * present exactly when the state is {@link ExecutorState#DEAD} and holds the strongest {@link
 * KillReason} reported so far. The caller whose {@link #die} ended the life is the one that makes
 * sure the process group is killed; a later {@code die} changes nothing but the recorded reason.
 *
 * <p>Thread-safe: every method holds this object's lock for a few field accesses, never for I/O.
 * The owner of a request moves the executor between READY and BUSY while any thread may end its
 * life, so the owner's moves report a death that overtook them instead of throwing.
 */
final class ExecutorLifecycle {

  /**
   * Why the executor died.
   *
   * @param reason the ranked reason
   * @param detail what happened, for logs: the deadline that passed, the exit observed
   */
  record Death(KillReason reason, String detail) {
    Death {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }

  private final String executorId;
  private final long pid;
  private ExecutorState state = ExecutorState.STARTING;
  private Optional<Death> death = Optional.empty();

  ExecutorLifecycle(String executorId, long pid) {
    this.executorId = Objects.requireNonNull(executorId, "executorId");
    this.pid = pid;
  }

  synchronized ExecutorState state() {
    return state;
  }

  /** Why the executor died; empty while it lives. */
  synchronized Optional<Death> death() {
    return death;
  }

  /**
   * Moves along the flow to a living state: STARTING to READY, READY to BUSY, BUSY to READY.
   *
   * @return false when the executor died meanwhile (it stays DEAD and the caller must treat it as
   *     gone), true when it moved
   * @throws IllegalTransitionException for a move the flow does not have, such as READY to READY or
   *     a move to DEAD, which is {@link #die}'s
   */
  synchronized boolean advance(ExecutorState next) {
    if (state.isTerminal()) {
      return false;
    }
    if (next.isTerminal() || !state.canMoveTo(next)) {
      throw new IllegalTransitionException(executorId, pid, state, next);
    }
    state = next;
    return true;
  }

  /**
   * Ends the executor's life, or, if it has ended, keeps {@code reason} when it outranks the one
   * recorded.
   *
   * @return true when this call ended it: the caller must kill the process group (at once, or after
   *     a bounded wait for a crash to finish on its own)
   */
  synchronized boolean die(KillReason reason, String detail) {
    Death next = new Death(reason, detail);
    if (state.isTerminal()) {
      if (reason.outranks(death.orElseThrow().reason())) {
        death = Optional.of(next);
      }
      return false;
    }
    state = ExecutorState.DEAD;
    death = Optional.of(next);
    return true;
  }

  @Override
  public synchronized String toString() {
    return executorId + " (pid " + pid + ") " + state + death.map(d -> " (" + d + ")").orElse("");
  }
}
