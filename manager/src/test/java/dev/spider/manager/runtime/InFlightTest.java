package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EM;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.S5;
import static dev.spider.manager.runtime.Fixtures.TIMEOUTS;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.TaskAssignment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class InFlightTest {

  private static TaskRun run(long id, ExecutionManagerId em) {
    TaskAssignment a = assignment(id, S5);
    ExecutionContext context = Fixtures.context(a.jobId(), a.taskId(), TIMEOUTS);
    return new TaskRun(
        a, em, context, ExecuteRequests.build(context, a.resourceGroupId()), ExecuteRequests.timeouts(TIMEOUTS));
  }

  @Test
  void aRunnerWithoutSlotsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InFlight(0));
  }

  @Test
  void holdsAtMostOneRunPerSlot() throws Exception {
    InFlight inFlight = new InFlight(2);
    TaskRun first = run(1, EM);
    inFlight.add(first);
    inFlight.add(run(2, EM));

    assertFalse(inFlight.awaitFreeSlot(Duration.ofMillis(1)));
    assertThrows(IllegalStateException.class, () -> inFlight.add(run(3, EM)));

    inFlight.remove(first);
    assertTrue(inFlight.awaitFreeSlot(Duration.ZERO));
    assertEquals(1, inFlight.size());
  }

  @Test
  void aWaitForASlotEndsWhenOneFrees() throws Exception {
    InFlight inFlight = new InFlight(1);
    TaskRun only = run(1, EM);
    inFlight.add(only);
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.awaitFreeSlot(EVENT_WAIT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    inFlight.remove(only);

    assertTrue(waiting.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void awaitEmptyRereadsItsDeadlineWhenWoken() throws Exception {
    InFlight inFlight = new InFlight(1);
    inFlight.add(run(1, EM));
    long[] deadline = {System.nanoTime() + TimeUnit.HOURS.toNanos(1)};
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.awaitEmpty(() -> deadline[0]);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    deadline[0] = System.nanoTime(); // shortened, as a second shutdown() does
    inFlight.wakeWaiters();

    assertFalse(waiting.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void runsCanBeSelectedByTheIdTheyRunUnder() {
    InFlight inFlight = new InFlight(3);
    TaskRun a = run(1, EM);
    TaskRun b = run(2, new ExecutionManagerId(3));
    inFlight.add(a);
    inFlight.add(b);

    assertEquals(List.of(a), inFlight.runningUnder(EM));
    assertEquals(List.of(a, b), inFlight.snapshot());
  }
}
