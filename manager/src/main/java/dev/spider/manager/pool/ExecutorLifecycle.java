package dev.spider.manager.pool;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link ExecutorState} of one executor and, once it is dead, why.
 *
 * <p>Invariants: the state only moves along the flow on {@link ExecutorState}; {@link #death()} is
 * present exactly when the state is {@link ExecutorState#DEAD} and holds the strongest {@link
 * KillReason} reported so far. The caller whose {@link #die} ended the life is the one that makes
 * sure the process group is killed; a later {@code die} changes nothing but the recorded reason.
 *
 * <p>While BUSY through {@link #beginRequest}, it also knows which request is outstanding, so that
 * a deadline can end exactly that request and nothing later: once the owner moved the executor back
 * to READY, {@link #expireRequest} of that request's {@code seq} is a no-op, even if the executor
 * is already running the next request (docs/process-pool.md, "Waiting for a Result").
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
  // Present exactly while BUSY through beginRequest: the seq of the outstanding request.
  private OptionalLong outstanding = OptionalLong.empty();

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
    outstanding = OptionalLong.empty();
    return true;
  }

  /**
   * Moves READY to BUSY with request {@code seq} outstanding.
   *
   * @return false when the executor died meanwhile
   * @throws IllegalTransitionException when it is not READY
   */
  synchronized boolean beginRequest(long seq) {
    if (!advance(ExecutorState.BUSY)) {
      return false;
    }
    outstanding = OptionalLong.of(seq);
    return true;
  }

  /** Whether request {@code seq} is still outstanding: the executor is BUSY with it. */
  synchronized boolean isBusyWith(long seq) {
    return state == ExecutorState.BUSY && outstanding.isPresent() && outstanding.getAsLong() == seq;
  }

  /**
   * Ends the executor's life for {@code reason} if request {@code seq} is still outstanding; a
   * no-op once its owner took the answer or the executor died otherwise.
   *
   * @return true when this call ended it: the caller must kill the process group
   */
  synchronized boolean expireRequest(long seq, KillReason reason, String detail) {
    return isBusyWith(seq) && die(reason, detail);
  }

  /**
   * Ends the executor's life as {@link KillReason#STARTUP_FAILED} if it is still STARTING; a no-op
   * once its Hello was accepted.
   *
   * @return true when this call ended it: the caller must kill the process group
   */
  synchronized boolean expireStart(String detail) {
    return state == ExecutorState.STARTING && die(KillReason.STARTUP_FAILED, detail);
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
    outstanding = OptionalLong.empty();
    return true;
  }

  @Override
  public synchronized String toString() {
    return executorId + " (pid " + pid + ") " + state + death.map(d -> " (" + d + ")").orElse("");
  }
}
