package dev.spider.cli.embedded;

import dev.spider.manager.client.ExecutionManagerId;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at a task: what storage registered for an execution manager, and whether storage
 * still takes a report about it.
 *
 * <p>Invariants: an instance is {@link State#OPEN} exactly while it is its task's live attempt; it
 * leaves {@code OPEN} once, for good, and every later report about it is refused with {@link
 * #refusal()}.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package.
 */
final class Instance {

  /** Where an attempt is, as storage sees it. */
  enum State {
    /** Registered; its report is awaited. */
    OPEN,
    /** It reported success. */
    SUCCEEDED,
    /** It reported failure. */
    FAILED,
    /** Ended without a report (its job ended, a registration superseded it, a new session). */
    VOID
  }

  private final TaskRecord task;
  private final ExecutionManagerId em;
  private final long startNanos;
  private State state = State.OPEN;
  private String voidReason = "";

  Instance(TaskRecord task, ExecutionManagerId em, long startNanos) {
    this.task = Objects.requireNonNull(task, "task");
    this.em = Objects.requireNonNull(em, "em");
    this.startNanos = startNanos;
  }

  TaskRecord task() {
    return task;
  }

  /** The manager that registered it; only that manager may report about it. */
  ExecutionManagerId em() {
    return em;
  }

  long startNanos() {
    return startNanos;
  }

  State state() {
    return state;
  }

  /** Ends the attempt on its success report. */
  void succeeded() {
    leave(State.SUCCEEDED);
  }

  /** Ends the attempt on its failure report. */
  void failed() {
    leave(State.FAILED);
  }

  /** Ends the attempt without a report: what it reports later is refused, saying {@code why}. */
  void voidFor(String why) {
    leave(State.VOID);
    voidReason = Objects.requireNonNull(why, "why");
  }

  /** Why storage no longer takes reports about this attempt; empty while it may report. */
  Optional<String> refusal() {
    return switch (state) {
      case OPEN -> Optional.empty();
      case SUCCEEDED -> Optional.of("already reported: it succeeded");
      case FAILED -> Optional.of("already reported: it failed");
      case VOID -> Optional.of("is void: " + voidReason);
    };
  }

  private void leave(State next) {
    if (state != State.OPEN) {
      throw new IllegalTransitionException(
          "an instance of " + task.describe(), state.name(), next.name());
    }
    state = next;
  }
}
