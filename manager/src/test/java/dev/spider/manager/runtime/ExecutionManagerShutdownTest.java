package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.ONE_OUTPUT;
import static dev.spider.manager.runtime.Fixtures.QUIET_WAIT;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Stopwatch;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.FakeStorage.Failed;
import dev.spider.manager.runtime.FakeStorage.Succeeded;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown: polling stops at once, running tasks get the grace period, the ones that do not finish
 * are stopped and reported as lost, every report and acknowledgement goes out once, and everything
 * is closed in order.
 */
final class ExecutionManagerShutdownTest {

  private Harness h;

  private Harness harness(int slots) {
    h = new Harness(slots);
    return h;
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aTaskRunningAtShutdownFinishesWithinTheGraceAndIsReportedOnce() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);
    FakeRunner.Execution run = h.started();

    h.manager.shutdown(EVENT_WAIT);
    assertEquals(ExecutionManager.State.STOPPING, h.manager.state());
    assertFalse(h.manager.awaitTermination(QUIET_WAIT), "terminated with a task running");
    run.finish(new Outcome.Success(ONE_OUTPUT, 1));

    Termination end = h.terminated();
    assertEquals(new Termination.Stopped(new Termination.Summary(1, 0, 1, true)), end);
    assertEquals(ExecutionManager.State.TERMINATED, h.manager.state());
    assertEquals(
        List.of(
            new Succeeded(
                a.jobId(),
                a.taskId(),
                Fixtures.instanceOf(a.jobId()),
                BOOT_EM,
                BOOT_SESSION,
                Optional.of(new TaskOutputs(ONE_OUTPUT)))),
        h.storage.reported());
    assertEquals(List.of(List.of(a.consumed())), List.copyOf(h.scheduler.shutdowns));
    assertEquals(1, h.runner.closed.get());
  }

  @Test
  void theShutdownSequenceRunsInOrder() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);
    FakeRunner.Execution run = h.started();
    h.manager.shutdown(EVENT_WAIT);
    run.finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.terminated();

    EventLog events = h.events;
    int report = events.first("storage.reportSuccess");
    int goodbye = events.first("scheduler.shutdown");
    int runnerClosed = events.first("runner.close");
    assertTrue(report >= 0 && report < goodbye, events.snapshot().toString());
    assertTrue(goodbye < runnerClosed, events.snapshot().toString());
    assertTrue(events.last("scheduler.heartbeat") < goodbye, events.snapshot().toString());
    assertEquals(runnerClosed, events.last("runner.close"), "closed once");
  }

  @Test
  void aTaskStillRunningWhenTheGracePassesIsStoppedAndReportedAsLost() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);
    FakeRunner.Execution run = h.started();

    Duration grace = Duration.ofMillis(50);
    Termination end = h.stop(grace);

    assertTrue(
        run.interrupted.isDone(), "the runner was interrupted (the pool kills the executor)");
    assertEquals(new Termination.Stopped(new Termination.Summary(0, 1, 1, true)), end);
    Failed report = assertInstanceOf(Failed.class, h.report());
    assertEquals(FailureClass.ENVIRONMENTAL, report.failure().failureClass());
    assertTrue(
        report.failure().message().startsWith("executor lost: the execution manager shut down")
            && report.failure().message().contains("grace period of " + grace),
        report.failure().message());
    assertTrue(h.storage.reports.isEmpty(), "reported once");
  }

  @Test
  void anOutcomeArrivingAfterTheTaskWasAbandonedIsNotReportedAgain() throws Exception {
    harness(1).start();
    h.scheduler.assign(assignment(1, BOOT_SESSION));
    FakeRunner.Execution run = h.started();
    run.returnWhenInterrupted(new Outcome.Success(ONE_OUTPUT, 1));

    h.stop(Duration.ZERO);

    assertInstanceOf(Failed.class, h.report());
    assertTrue(h.storage.reports.isEmpty(), "the late success is not reported");
  }

  @Test
  void aShutdownInterruptsTheLongPollAndHandsItsAcknowledgementToTheScheduler() throws Exception {
    harness(1).start(); // polls wait up to 30 s
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);
    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.report();
    h.poll();
    FakeScheduler.Poll pending = h.poll(); // blocked, carrying a's acknowledgement
    assertEquals(Optional.of(a.consumed()), pending.previous());

    Stopwatch stopping = Stopwatch.createStarted();
    h.stop(EVENT_WAIT);

    assertTrue(
        stopping.elapsed().compareTo(Duration.ofSeconds(2)) < 0,
        "the poll (30 s) was interrupted rather than waited out, yet stopping took " + stopping);
    assertEquals(List.of(List.of(a.consumed())), List.copyOf(h.scheduler.shutdowns));
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements());
  }

  @Test
  void anAssignmentReceivedAsTheStopBeginsIsLeftUnconsumed() throws Exception {
    harness(1).start();
    h.scheduler.onHandOut(a -> h.manager.shutdown(EVENT_WAIT));
    h.scheduler.assign(assignment(1, BOOT_SESSION));

    Termination end = h.terminated();

    assertEquals(new Termination.Summary(0, 0, 0, true), end.summary());
    assertTrue(h.storage.registrations.isEmpty(), "not registered");
    assertTrue(h.runner.started.isEmpty(), "not run");
    assertEquals(List.of(), h.scheduler.acknowledgements(), "not acknowledged");
  }

  @Test
  void aSecondShutdownWithAShorterGraceShortensIt() throws Exception {
    harness(1).start();
    h.scheduler.assign(assignment(1, BOOT_SESSION));
    FakeRunner.Execution run = h.started();

    h.manager.shutdown(Duration.ofHours(1));
    assertFalse(h.manager.awaitTermination(QUIET_WAIT));
    h.manager.shutdown(Duration.ZERO);

    assertEquals(1, h.terminated().summary().tasksAbandoned());
    assertTrue(run.interrupted.isDone());
  }

  @Test
  void aLongerGraceLaterDoesNotExtendIt() throws Exception {
    harness(1).start();
    h.scheduler.assign(assignment(1, BOOT_SESSION));
    h.started();

    h.manager.shutdown(Duration.ZERO);
    h.manager.shutdown(Duration.ofHours(1));

    assertEquals(1, h.terminated().summary().tasksAbandoned());
  }

  @Test
  void shutdownIsIdempotentAndCloseWaitsForTheTermination() throws Exception {
    harness(1).start();
    h.poll();
    CompletableFuture<Termination> termination = h.manager.termination();

    h.manager.shutdown();
    h.manager.shutdown();
    h.manager.close();

    assertTrue(termination.isDone());
    assertEquals(ExecutionManager.State.TERMINATED, h.manager.state());
    h.manager.shutdown(Duration.ZERO); // after termination: nothing happens
    h.manager.close();
    assertEquals(1, h.scheduler.shutdowns.size());
    assertEquals(1, h.runner.closed.get());
    assertSame(termination.get(), h.manager.termination().get());
  }

  @Test
  void theTerminationFutureCannotBeCompletedFromOutside() throws Exception {
    harness(1).start();

    h.manager.termination().complete(null);

    assertFalse(h.manager.termination().isDone());
    assertInstanceOf(Termination.Stopped.class, h.stop(EVENT_WAIT));
  }

  @Test
  void aNegativeGraceIsRefused() throws Exception {
    harness(1).start();

    assertThrows(IllegalArgumentException.class, () -> h.manager.shutdown(Duration.ofSeconds(-1)));
    assertEquals(ExecutionManager.State.RUNNING, h.manager.state());
  }

  @Test
  void runningTasksAreReportedEvenWhenTheLoopStopsOnAPoolFailure() throws Exception {
    harness(2).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment b = assignment(2, BOOT_SESSION);
    h.scheduler.assign(a, b);
    var runs = h.started(2);
    FakeRunner.Execution runA = runs.get(a.jobId());
    FakeRunner.Execution runB = runs.get(b.jobId());

    runB.fail(new PoolException("the executor pool is closed"));
    assertInstanceOf(Failed.class, h.report());
    assertFalse(h.manager.awaitTermination(QUIET_WAIT), "terminated with a task running");
    runA.finish(new Outcome.Success(ONE_OUTPUT, 1));

    Termination.Failed end = assertInstanceOf(Termination.Failed.class, h.terminated());
    assertEquals(ExecutionManagerException.Kind.POOL, end.error().kind());
    assertEquals(a.jobId(), assertInstanceOf(Succeeded.class, h.report()).jobId());
    assertEquals(1, end.summary().tasksFinished());
  }

  @Test
  void theShutdownHookStopsTheManagerAndWaitsForIt() throws Exception {
    harness(1).start();
    h.scheduler.assign(assignment(1, BOOT_SESSION));
    FakeRunner.Execution run = h.started();

    Thread hook = h.manager.shutdownHook(Duration.ZERO);
    assertEquals("spider-shutdown-hook", hook.getName());
    assertFalse(hook.isDaemon());
    hook.run(); // as the JVM would, on SIGTERM

    assertEquals(ExecutionManager.State.TERMINATED, h.manager.state());
    assertTrue(run.interrupted.isDone());
    assertEquals(1, h.terminated().summary().tasksAbandoned());
  }
}
