package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.Timeouts;
import dev.spider.protocol.ErrorKind;
import dev.spider.tests.Poll;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Several slots at once, failures among them, queued callers, and the manager being killed. */
class PoolUnderLoadTest {

  @Test
  void aCrashAndATimeoutLeaveTheOtherSlotsAndTheQueueUnharmed() throws Exception {
    Set<Long> childrenBefore = children();
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(3).build())) {
      CompletableFuture<Outcome> sleeper =
          pool.executeAsync(
              request(
                  SamplePackages.JAR_TASKS,
                  "sleep_honouring_interrupts",
                  Tdl.encode(Long.class, 1500L)),
              GENEROUS);
      CompletableFuture<Outcome> crasher =
          pool.executeAsync(request(SamplePackages.JAR_TASKS, "exit_three"), GENEROUS);
      CompletableFuture<Outcome> spinner =
          pool.executeAsync(
              request(SamplePackages.NATIVE_TASKS, "spin_forever"),
              Timeouts.hard(Duration.ofSeconds(1)));
      long addend = 100;
      List<CompletableFuture<Outcome>> queued = new ArrayList<>();
      for (long i = 0; i < 12; i++) {
        queued.add(pool.executeAsync(Pools.add(i, addend), GENEROUS));
      }

      assertInstanceOf(
          Outcome.Success.class,
          sleeper.get(60, TimeUnit.SECONDS),
          "the sleeping task finished unharmed");
      assertInstanceOf(Outcome.ExecutorCrash.class, crasher.get(60, TimeUnit.SECONDS));
      assertInstanceOf(Outcome.Timeout.class, spinner.get(60, TimeUnit.SECONDS));
      for (int i = 0; i < queued.size(); i++) {
        Outcome outcome = queued.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(
            i + addend,
            Tdl.singleOutput(
                assertInstanceOf(Outcome.Success.class, outcome).outputs(), Long.class));
      }
      // The crashed and the timed-out executors are replaced on the pool's own threads, which may
      // still be starting one when the last queued outcome returns: wait for it, with a bound.
      assertTrue(
          awaitExecutorCount(pool, 3, Duration.ofSeconds(30)),
          () -> "not 3 live executors within 30 s: " + pool.executorPids());
    }
    assertTrue(awaitChildren(childrenBefore), "executor processes leaked: " + children());
  }

  @Test
  void aFailureOutcomeIsNotConfusedWithThePoolFailing() throws Exception {
    try (ExecutorPool pool = ExecutorPool.start(Pools.config(2).build())) {
      List<CompletableFuture<Outcome>> failures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        failures.add(pool.executeAsync(request(SamplePackages.JAR_TASKS, "always_fail"), GENEROUS));
      }
      for (CompletableFuture<Outcome> f : failures) {
        assertEquals(
            ErrorKind.TASK_ERROR,
            assertInstanceOf(Outcome.InTaskFailure.class, f.get(60, TimeUnit.SECONDS))
                .error()
                .kind());
      }
    }
  }

  @Test
  void whenTheManagerIsKilledEveryExecutorIsGoneWithinTwoSeconds() throws Exception {
    try (StandInManager manager = StandInManager.start(PoolHolderMain.class, PoolHolderMain.PIDS)) {
      assertEquals(2, manager.pids().size());
      manager.killAndAssertAllGoneWithin(Duration.ofSeconds(2));
    }
  }

  private static Set<Long> children() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Waits (bounded) until the test JVM has no child process beyond those it had before. */
  private static boolean awaitChildren(Set<Long> before) throws InterruptedException {
    for (long pid :
        ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toList())) {
      if (!before.contains(pid) && !Pools.gone(pid, Duration.ofSeconds(10))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the pool has {@code count} live executors within {@code within}, polled. */
  private static boolean awaitExecutorCount(ExecutorPool pool, int count, Duration within) {
    return Poll.within(() -> pool.executorPids().size() == count, within);
  }
}
