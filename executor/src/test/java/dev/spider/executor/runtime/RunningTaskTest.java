package dev.spider.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningTaskTest {

  private final RunningTask running = new RunningTask();

  @AfterEach
  void clearInterruptStatus() {
    Thread.interrupted();
  }

  @Test
  void anInterruptArrivingBeforeItsRequestBeginsIsDeliveredAtTheBeginning() {
    running.accept(7);
    assertTrue(running.interrupt(7), "an accepted request can be interrupted");
    assertFalse(Thread.currentThread().isInterrupted(), "nothing runs yet");
    running.begin(7);
    assertTrue(Thread.currentThread().isInterrupted(), "the task starts interrupted");
    assertTrue(running.interruptReached());
    assertTrue(running.end());
    assertFalse(Thread.currentThread().isInterrupted(), "end clears the status");
  }

  @Test
  void anInterruptForAnotherRequestNeverReachesTheRunningOne() {
    running.accept(7);
    running.accept(8);
    assertTrue(running.interrupt(8));
    running.begin(7);
    assertFalse(Thread.currentThread().isInterrupted());
    assertFalse(running.end());
    running.begin(8);
    assertTrue(Thread.currentThread().isInterrupted(), "8 was interrupted while it waited");
    assertTrue(running.end());
  }

  @Test
  void anInterruptForARequestThatIsOverOrUnknownIsIgnored() {
    assertFalse(running.interrupt(3), "never read");
    running.accept(3);
    running.begin(3);
    running.end();
    assertFalse(running.interrupt(3), "already answered");
    running.accept(4);
    running.begin(4);
    assertFalse(Thread.currentThread().isInterrupted(), "the late Interrupt of 3 did not leak");
    assertFalse(running.end());
  }
}
