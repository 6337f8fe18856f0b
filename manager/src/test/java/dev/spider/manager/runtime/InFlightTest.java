package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The slots in flight: capacity, waits for a slot or for none, selection and voiding by id. */
final class InFlightTest {

  private static TaskRun run(long id, ExecutionManagerId em) {
    TaskAssignment a = assignment(id, BOOT_SESSION);
    ExecutionContext context = Fixtures.context(a.jobId(), a.taskId(), TIMEOUTS);
    return new TaskRun(
        a,
        em,
        context,
        ExecuteRequests.build(context, a.resourceGroupId()),
        ExecuteRequests.timeouts(TIMEOUTS));
  }

  @Test
  void aRunnerWithoutSlotsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InFlight(0));
  }

  @Test
  void holdsAtMostOneRunPerSlot() throws Exception {
    InFlight inFlight = new InFlight(2);
    TaskRun first = run(1, BOOT_EM);
    inFlight.add(first);
    inFlight.add(run(2, BOOT_EM));

    assertFalse(inFlight.awaitFreeSlot(Duration.ofMillis(1)));
    assertThrows(IllegalStateException.class, () -> inFlight.add(run(3, BOOT_EM)));

    inFlight.remove(first);
    assertTrue(inFlight.awaitFreeSlot(Duration.ZERO));
    assertEquals(1, inFlight.size());
  }

  @Test
  void aWaitForASlotEndsWhenOneFrees() throws Exception {
    InFlight inFlight = new InFlight(1);
    TaskRun only = run(1, BOOT_EM);
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
    inFlight.add(run(1, BOOT_EM));
    AtomicLong deadline = new AtomicLong(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.awaitEmpty(deadline::get);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    deadline.set(System.nanoTime()); // shortened, as a second shutdown() does
    inFlight.wakeWaiters();

    assertFalse(waiting.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void runsCanBeSelectedByTheIdTheyRunUnder() {
    InFlight inFlight = new InFlight(3);
    TaskRun a = run(1, BOOT_EM);
    TaskRun b = run(2, REREGISTERED_EM);
    inFlight.add(a);
    inFlight.add(b);

    assertEquals(List.of(a), inFlight.runningUnder(BOOT_EM));
    assertEquals(List.of(a, b), inFlight.snapshot());
  }

  @Test
  void runsUnderALostIdAreVoidedUnreportedAndCancelled() {
    InFlight inFlight = new InFlight(3);
    TaskRun lost = run(1, BOOT_EM);
    TaskRun finished = run(2, BOOT_EM);
    TaskRun other = run(3, REREGISTERED_EM);
    inFlight.add(lost);
    inFlight.add(finished);
    inFlight.add(other);
    assertTrue(finished.settle(TaskRun.Settlement.OUTCOME));

    inFlight.voidRunsUnder(BOOT_EM);

    assertEquals(Optional.of(TaskRun.Settlement.VOIDED), lost.settlement());
    assertFalse(lost.begin(), "cancelled");
    assertEquals(Optional.of(TaskRun.Settlement.OUTCOME), finished.settlement(), "kept its fate");
    assertFalse(finished.begin(), "cancelled as well");
    assertEquals(Optional.empty(), other.settlement());
    assertTrue(other.begin(), "another id is left alone");
    other.end();
  }
}
