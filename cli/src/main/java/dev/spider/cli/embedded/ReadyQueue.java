package dev.spider.cli.embedded;

import dev.spider.cli.job.TaskStatus;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;

/**
 * The tasks of every job in the order they became ready, and the condition scheduler long polls
 * wait on until one does.
 *
 * <p>Entries are never removed when their task leaves {@link TaskStatus#READY} some other way
 * (skipped, cancelled, registered without an assignment): {@link #poll} drops them as it meets
 * them, which is cheaper than finding them and keeps the order of the rest. A task made ready again
 * is queued again, behind the tasks that were ready before it.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, whose condition {@code taskQueued}
 * this is; every method must be called holding that lock.
 */
final class ReadyQueue {

  private final ArrayDeque<TaskRecord> queue = new ArrayDeque<>();
  private final Condition taskQueued;

  /** A queue signalling {@code taskQueued}, a condition of the store's lock. */
  ReadyQueue(Condition taskQueued) {
    this.taskQueued = taskQueued;
  }

  /** Queues a task that has just become ready and wakes every waiting poll. */
  void add(TaskRecord task) {
    queue.add(task);
    taskQueued.signalAll();
  }

  /** The task ready longest, taken off the queue; empty when none is ready. */
  Optional<TaskRecord> poll() {
    TaskRecord task;
    while ((task = queue.poll()) != null) {
      if (task.status() == TaskStatus.READY) {
        return Optional.of(task);
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until a task is queued or {@code nanos} pass, releasing the lock meanwhile.
   *
   * @return the nanoseconds left, {@code <= 0} when the wait timed out
   * @throws InterruptedException the waiting thread was interrupted
   */
  long await(long nanos) throws InterruptedException {
    return taskQueued.awaitNanos(nanos);
  }
}
