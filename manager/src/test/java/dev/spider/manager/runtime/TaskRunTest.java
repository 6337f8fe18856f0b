package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.TIMEOUTS;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.TaskAssignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One instance in flight: settled once under races, cancelled without leaking interrupts. */
final class TaskRunTest {

  private static TaskRun run() {
    TaskAssignment a = assignment(1, BOOT_SESSION);
    ExecutionContext context = Fixtures.context(a.jobId(), a.taskId(), TIMEOUTS);
    return new TaskRun(
        a,
        BOOT_EM,
        context,
        ExecuteRequests.build(context, a.resourceGroupId()),
        ExecuteRequests.timeouts(context.timeoutPolicy()));
  }

  @Test
  void theFirstSettlementWinsEvenUnderARace() throws Exception {
    TaskRun run = run();
    TaskRun.Settlement[] contenders = TaskRun.Settlement.values();
    CyclicBarrier start = new CyclicBarrier(contenders.length);
    ExecutorService threads = Executors.newFixedThreadPool(contenders.length);
    try {
      List<Future<Boolean>> won = new ArrayList<>();
      for (TaskRun.Settlement how : contenders) {
        won.add(
            threads.submit(
                () -> {
                  start.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                  return run.settle(how);
                }));
      }
      int winners = 0;
      for (Future<Boolean> w : won) {
        winners += w.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS) ? 1 : 0;
      }
      assertEquals(1, winners);
      assertTrue(run.settlement().isPresent());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRunCancelledBeforeItStartsDoesNotStart() {
    TaskRun run = run();

    run.cancel();

    assertFalse(run.begin());
  }

  @Test
  void cancellingARunningTaskInterruptsItsThread() throws Exception {
    TaskRun run = run();
    CountDownLatch begun = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              run.begin();
              begun.countDown();
              assertThrows(InterruptedException.class, () -> new CountDownLatch(1).await());
              run.end();
            },
            "task-run-test");
    thread.start();
    assertTrue(begun.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));

    run.cancel();

    thread.join(EVENT_WAIT.toMillis());
    assertFalse(thread.isAlive());
  }

  @Test
  void anInterruptThatComesAfterTheTaskEndedDoesNotLeak() {
    TaskRun run = run();
    assertTrue(run.begin());
    Thread.currentThread().interrupt(); // as if cancel() raced with the runner returning

    run.end();

    assertFalse(Thread.currentThread().isInterrupted());
    run.cancel(); // after end(): must not interrupt this thread
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void itsReportTargetIsTheAssignmentsSessionAndTheRegisteredInstance() {
    TaskRun run = run();

    assertEquals(
        new ReportTarget(
            run.assignment().jobId(),
            run.assignment().taskId(),
            Fixtures.instanceOf(run.assignment().jobId()),
            BOOT_EM,
            BOOT_SESSION),
        run.target());
    assertEquals(Optional.empty(), run.settlement());
    assertEquals(Duration.ofSeconds(5), run.timeouts().hard());
  }
}
