package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The production timer: a named daemon thread; close interrupts the running action. */
final class HeartbeatTimerTest {

  @Test
  void actionsRunOnTheNamedDaemonThread() throws Exception {
    HeartbeatTimer timer = HeartbeatTimer.onThread("spider-test-heartbeat");
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    try {
      timer.schedule(
          Duration.ZERO,
          () -> {
            thread.set(Thread.currentThread());
            ran.countDown();
          });

      assertTrue(ran.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertEquals("spider-test-heartbeat", thread.get().getName());
      assertTrue(thread.get().isDaemon());
    } finally {
      timer.close();
    }
  }

  @Test
  void closeInterruptsTheRunningActionAndCancelsThePendingOnes() throws Exception {
    HeartbeatTimer timer = HeartbeatTimer.onThread("spider-test-heartbeat");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicInteger later = new AtomicInteger();
    timer.schedule(
        Duration.ZERO,
        () -> {
          running.countDown();
          try {
            new CountDownLatch(1).await(); // a heartbeat call that never returns
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        });
    timer.schedule(Duration.ofMillis(1), later::incrementAndGet);
    assertTrue(running.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));

    timer.close();

    assertEquals(0, interrupted.getCount());
    timer.schedule(Duration.ZERO, later::incrementAndGet).cancel(); // after close: never runs
    assertEquals(0, later.get());
  }
}
