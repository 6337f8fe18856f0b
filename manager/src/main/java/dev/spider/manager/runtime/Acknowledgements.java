package dev.spider.manager.runtime;

import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.TaskAssignment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The consumed assignments not acknowledged to the scheduler yet, oldest first: what makes every
 * consumed assignment acknowledged exactly once (see the package documentation).
 *
 * <p><b>Invariants.</b> An assignment is queued once, when it is consumed. It leaves the queue only
 * with a {@code nextTask} call that carried it and returned normally ({@link #delivered}), or with
 * everything left at shutdown ({@link #drain}). After a failed or interrupted call it stays at the
 * head and is sent again, which is safe because the scheduler treats acknowledgements as idempotent
 * ({@code SchedulerClient}'s class comment).
 *
 * <p><b>Threads.</b> Not thread-safe: confined to the loop thread, which consumes assignments,
 * polls and, once the loop has ended, runs the shutdown sequence.
 */
final class Acknowledgements {

  private final Deque<ConsumedAssignment> pending = new ArrayDeque<>();

  /** Queues the acknowledgement of {@code a}, which the manager has consumed. */
  void consumed(TaskAssignment a) {
    pending.addLast(a.consumed());
  }

  /** The acknowledgement to send with the next {@code nextTask} call, if any. */
  Optional<ConsumedAssignment> next() {
    return Optional.ofNullable(pending.peekFirst());
  }

  /**
   * Removes {@code ack}, which a {@code nextTask} call returned normally with.
   *
   * @throws IllegalStateException when {@code ack} is not the one {@link #next()} returned (a bug)
   */
  void delivered(ConsumedAssignment ack) {
    if (!ack.equals(pending.peekFirst())) {
      throw new IllegalStateException(
          "acknowledgement " + ack + " delivered, but the oldest pending one is " + next());
    }
    pending.removeFirst();
  }

  /** Everything not acknowledged yet, for {@code SchedulerClient.shutdown}; empties the queue. */
  List<ConsumedAssignment> drain() {
    List<ConsumedAssignment> all = List.copyOf(pending);
    pending.clear();
    return all;
  }
}
