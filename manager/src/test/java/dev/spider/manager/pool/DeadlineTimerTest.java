package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {

  private static final long WAIT_SECONDS = 30;

  private final DeadlineTimer timer = new DeadlineTimer("test-deadlines", Duration.ofMillis(100));

  @Test
  void entriesRunInTheOrderOfTheirInstantsOnTheNamedThread() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    Runnable record =
        () -> {
          ran.add(Thread.currentThread().getName());
          done.countDown();
        };
    timer.schedule(
        Duration.ofMillis(60),
        "third",
        () -> {
          ran.add("third");
          done.countDown();
        });
    timer.schedule(Duration.ofMillis(1), "first", record);
    timer.schedule(
        Duration.ofMillis(30),
        "second",
        () -> {
          ran.add("second");
          done.countDown();
        });
    assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of("test-deadlines", "second", "third"), ran);
  }

  @Test
  void aCancelledEntryNeverRunsAndARunEntryCannotBeCancelled() throws Exception {
    CountDownLatch cancelledRan = new CountDownLatch(1);
    DeadlineTimer.Entry cancelled =
        timer.schedule(Duration.ofMillis(50), "cancelled", cancelledRan::countDown);
    assertTrue(cancelled.cancel());
    CountDownLatch ran = new CountDownLatch(1);
    DeadlineTimer.Entry fired = timer.schedule(Duration.ZERO, "fired", ran::countDown);
    assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertFalse(fired.cancel(), "already ran");
    // An entry scheduled after the cancelled one's instant runs, so the cancelled one was skipped.
    CountDownLatch later = new CountDownLatch(1);
    timer.schedule(Duration.ofMillis(80), "later", later::countDown);
    assertTrue(later.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, cancelledRan.getCount(), "the cancelled entry did not run");
    assertEquals(0, timer.pending());
  }

  @Test
  void anEarlierEntryWakesTheSleepingThread() throws Exception {
    timer.schedule(Duration.ofHours(1), "far", () -> {});
    CountDownLatch near = new CountDownLatch(1);
    timer.schedule(Duration.ofMillis(1), "near", near::countDown);
    assertTrue(near.await(WAIT_SECONDS, TimeUnit.SECONDS), "not left waiting for the far one");
  }

  @Test
  void aFailingActionDoesNotStopTheOthersAndTheThreadComesBackAfterIdling() throws Exception {
    timer.schedule(
        Duration.ZERO,
        "failing",
        () -> {
          throw new IllegalStateException("action failed on purpose");
        });
    CountDownLatch next = new CountDownLatch(1);
    timer.schedule(Duration.ofMillis(1), "next", next::countDown);
    assertTrue(next.await(WAIT_SECONDS, TimeUnit.SECONDS));
    awaitNoThread("test-deadlines");
    CountDownLatch again = new CountDownLatch(1);
    timer.schedule(Duration.ZERO, "again", again::countDown);
    assertTrue(again.await(WAIT_SECONDS, TimeUnit.SECONDS), "a new thread runs it");
  }

  /** Waits (bounded) until no thread of that name is alive: the timer ended it after its linger. */
  private static void awaitNoThread(String name) throws InterruptedException {
    List<Thread> threads =
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(thread.isAlive(), "the idle timer thread never ended");
    }
  }
}
