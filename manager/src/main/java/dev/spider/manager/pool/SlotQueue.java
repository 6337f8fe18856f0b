package dev.spider.manager.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Hands free slots to callers strictly first come, first served: a caller that finds no free slot
 * gets a place in line (a future) and keeps it however long it waits, so no later caller can
 * overtake it. Thread-safe: all state under this object's lock.
 *
 * @param <S> the slot type
 */
final class SlotQueue<S> {

  private final Deque<S> free = new ArrayDeque<>();
  private final Deque<CompletableFuture<S>> waiting = new ArrayDeque<>();

  /** A free slot at once, or the caller's place in line. Cancel the future to leave the line. */
  synchronized CompletableFuture<S> request() {
    S slot = free.pollFirst();
    if (slot != null) {
      return CompletableFuture.completedFuture(slot);
    }
    CompletableFuture<S> place = new CompletableFuture<>();
    waiting.addLast(place);
    return place;
  }

  /** Gives a slot to the first caller in line, or keeps it free. */
  synchronized void release(S slot) {
    CompletableFuture<S> next;
    while ((next = waiting.pollFirst()) != null) {
      if (next.complete(slot)) {
        return;
      }
      // That caller left the line (cancelled); offer the slot to the next one.
    }
    free.addLast(slot);
  }

  /** Leaves the line. If a slot was handed over meanwhile, it goes to the next caller instead. */
  void abandon(CompletableFuture<S> place) {
    if (!place.cancel(false)) {
      release(place.join());
    }
  }

  synchronized int waitingCount() {
    waiting.removeIf(CompletableFuture::isDone);
    return waiting.size();
  }
}
