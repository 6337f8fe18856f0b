package dev.spider.manager.runtime;

import static dev.spider.manager.client.TransportException.Arrival.MAY_HAVE_ARRIVED;
import static dev.spider.manager.client.TransportException.Arrival.NOT_SENT;
import static dev.spider.manager.runtime.Fixtures.ADDRESS;
import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.FUNCTION;
import static dev.spider.manager.runtime.Fixtures.INPUTS;
import static dev.spider.manager.runtime.Fixtures.OLDER_SESSION;
import static dev.spider.manager.runtime.Fixtures.ONE_OUTPUT;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_SESSION;
import static dev.spider.manager.runtime.Fixtures.RESTARTED_SESSION;
import static dev.spider.manager.runtime.Fixtures.TIMEOUTS;
import static dev.spider.manager.runtime.Fixtures.assertQuiet;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static dev.spider.manager.runtime.Fixtures.hex;
import static dev.spider.manager.runtime.Fixtures.instanceOf;
import static dev.spider.manager.runtime.Fixtures.next;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.manager.client.TransportException;
import dev.spider.manager.pool.CrashReport;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import dev.spider.manager.runtime.FakeScheduler.Poll;
import dev.spider.manager.runtime.FakeStorage.Failed;
import dev.spider.manager.runtime.FakeStorage.Registered;
import dev.spider.manager.runtime.FakeStorage.Succeeded;
import dev.spider.protocol.ExecutorError;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime loop against scripted fakes: every branch of boot, poll, register, run, report. */
final class ExecutionManagerTest {

  /** How the scheduler client names a poll of the boot id in its messages. */
  private static final String NEXT_TASK = "nextTask(em " + BOOT_EM + ")";

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

  private static Succeeded success(TaskAssignment a, Optional<TaskOutputs> outputs) {
    return new Succeeded(
        a.jobId(), a.taskId(), instanceOf(a.jobId()), BOOT_EM, a.sessionId(), outputs);
  }

  /** How storage clients name a registration of {@code a}'s task in their messages. */
  private static String registerCall(TaskAssignment a) {
    return "registerTaskInstance(job " + a.jobId() + ", task " + a.taskId() + ")";
  }

  /** How storage clients name a success report of {@code a}'s task in their messages. */
  private static String reportCall(TaskAssignment a) {
    return "reportTaskSuccess(job " + a.jobId() + ", task " + a.taskId() + ")";
  }

  private static Poll poll(ExecutionManagerId em, Optional<TaskAssignment> previous) {
    return new Poll(em, previous.map(TaskAssignment::consumed));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- boot -----------------------------------------------------------------------------------

  @Test
  void registersAtStartAndPollsUnderTheRegisteredId() throws Exception {
    harness(1).start();

    assertEquals(ADDRESS, next(h.liveness.registrations, "register call"));
    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
    assertEquals(Optional.of(new Registration(BOOT_EM, BOOT_SESSION)), h.manager.registration());
    assertEquals(ExecutionManager.State.RUNNING, h.manager.state());
    assertEquals(1, h.manager.slots());
  }

  @Test
  void registrationTransportErrorsAreRetriedAtStart() throws Exception {
    harness(1)
        .liveness
        .onRegister(
            new TransportException("register(" + ADDRESS + "): refused"),
            new TransportException("register(" + ADDRESS + "): refused"));

    h.start();

    assertEquals(3, h.liveness.registrations.size());
    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
  }

  @Test
  void startFailsWhenStorageStaysUnreachableAndClosesTheRunner() {
    int attempts = Fixtures.config().build().registration().maxAttempts();
    TransportException last = new TransportException("register(" + ADDRESS + "): timed out");
    harness(1)
        .liveness
        .onRegister(
            new TransportException("register(" + ADDRESS + "): refused"),
            new TransportException("register(" + ADDRESS + "): refused"),
            last);

    ExecutionManagerException e = assertThrows(ExecutionManagerException.class, h::start);

    assertEquals(ExecutionManagerException.Kind.REGISTRATION, e.kind());
    assertEquals(3, attempts, "one answer scripted per attempt");
    assertTrue(e.getMessage().contains(attempts + " attempt(s)"), e.getMessage());
    assertTrue(e.getMessage().contains(last.getMessage()), e.getMessage());
    assertTrue(e.getMessage().contains(ADDRESS.toString()), e.getMessage());
    assertEquals(1, h.runner.closed.get());
    assertTrue(h.scheduler.polls.isEmpty());
  }

  @Test
  void aRunnerWithoutSlotsIsRefusedAndClosed() {
    harness(0);

    assertThrows(IllegalArgumentException.class, h::start);
    assertEquals(1, h.runner.closed.get());
    assertTrue(h.liveness.registrations.isEmpty());
  }

  // ---- run and report -------------------------------------------------------------------------

  @Test
  void runsAnAssignedTaskAndReportsItsOutputs() throws Exception {
    harness(1).start();
    h.poll();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);

    assertEquals(new Registered(a.jobId(), a.taskId(), BOOT_EM, BOOT_SESSION), h.registration());
    FakeRunner.Execution run = h.started();
    assertEquals(FUNCTION.packageName(), run.request.packageName());
    assertEquals(FUNCTION.taskName(), run.request.taskName());
    assertEquals(
        TaskContext.of(
            a.jobId().value(),
            a.taskId(),
            instanceOf(a.jobId()).value(),
            a.resourceGroupId().value(),
            Optional.empty()),
        TaskContext.decode(run.request.rawContext()));
    assertArrayEquals(INPUTS, run.request.rawInputs());
    assertEquals(Timeouts.hard(Duration.ofSeconds(5)), run.timeouts);
    assertTrue(run.threadName.startsWith("spider-task-"), run.threadName);

    run.finish(new Outcome.Success(ONE_OUTPUT, 42));

    assertEquals(success(a, Optional.of(new TaskOutputs(ONE_OUTPUT))), h.report());
    assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll()); // acknowledged with the next poll...
    Termination end = h.stop(EVENT_WAIT);
    // ...which the stop interrupted, so the acknowledgement went to shutdown instead.
    assertEquals(new Termination.Stopped(new Termination.Summary(0, 0, 1, true)), end);
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements());
    assertEquals(List.of(List.of(a.consumed())), List.copyOf(h.scheduler.shutdowns));
    assertEquals(1, h.runner.closed.get());
  }

  @Test
  void theSoftTimeoutOfThePolicyReachesTheRunner() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onRegister(
        a.jobId(),
        Fixtures.context(
            a.jobId(), a.taskId(), TimeoutPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(5))));
    h.scheduler.assign(a);

    assertEquals(Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(5)), h.started().timeouts);
  }

  @Test
  void theCommitTaskGetsTheTaskGraphOutputsAndReportsNoOutputs() throws Exception {
    harness(1).start();
    TaskAssignment commit = assignment(1, TaskId.COMMIT, BOOT_SESSION);
    byte[] graphOutputs = hex("00 01000000 01000000 2a");
    h.storage.onRegister(
        commit.jobId(),
        ExecutionContext.forCommit(
            commit.jobId(), instanceOf(commit.jobId()), FUNCTION, TIMEOUTS, INPUTS, graphOutputs));
    h.scheduler.assign(commit);

    FakeRunner.Execution run = h.started();
    assertArrayEquals(hex("00000000"), run.request.rawInputs());
    TaskContext context = TaskContext.decode(run.request.rawContext());
    assertEquals(TaskId.COMMIT, context.taskId());
    assertArrayEquals(graphOutputs, context.serializedTaskGraphOutputs().orElseThrow());
    run.finish(new Outcome.Success(ONE_OUTPUT, 1));

    assertEquals(success(commit, Optional.empty()), h.report());
  }

  @Test
  void theCleanupTaskGetsItsInputsAndReportsNoOutputs() throws Exception {
    harness(1).start();
    TaskAssignment cleanup = assignment(1, TaskId.CLEANUP, BOOT_SESSION);
    h.scheduler.assign(cleanup);

    FakeRunner.Execution run = h.started();
    assertArrayEquals(INPUTS, run.request.rawInputs());
    run.finish(new Outcome.Success(hex("00000000"), 1));

    assertEquals(success(cleanup, Optional.empty()), h.report());
  }

  @Test
  void failuresAreReportedClassifiedWithWhatHappened() throws Exception {
    harness(1).start();
    TaskAssignment inTask = assignment(1, BOOT_SESSION);
    TaskAssignment timedOut = assignment(2, BOOT_SESSION);
    TaskAssignment crashed = assignment(3, BOOT_SESSION);
    h.scheduler.assign(inTask, timedOut, crashed);

    h.started()
        .finish(
            new Outcome.InTaskFailure(
                ExecutorError.taskError(TdlError.executionError("negative input")), 7));
    h.started().finish(new Outcome.Timeout(Duration.ofSeconds(5)));
    int exitStatus = 3;
    h.started()
        .finish(
            new Outcome.ExecutorCrash(
                new CrashReport(
                    "executor-3",
                    4242,
                    "process exited",
                    OptionalInt.of(exitStatus),
                    OptionalInt.empty(),
                    List.of("Exception in thread main"),
                    Optional.empty())));

    var reports = h.reports(3);
    TaskFailure first = ((Failed) reports.get(inTask.jobId())).failure();
    assertEquals(FailureClass.DETERMINISTIC, first.failureClass());
    assertEquals("in-task failure: TaskError: ExecutionError: negative input", first.message());
    TaskFailure second = ((Failed) reports.get(timedOut.jobId())).failure();
    assertEquals(FailureClass.ENVIRONMENTAL, second.failureClass());
    assertEquals("timeout: hard timeout of 5 s passed", second.message());
    TaskFailure third = ((Failed) reports.get(crashed.jobId())).failure();
    assertEquals(FailureClass.ENVIRONMENTAL, third.failureClass());
    assertTrue(third.message().startsWith("executor crash: "), third.message());
    assertTrue(third.message().contains("exit status " + exitStatus), third.message());
  }

  @Test
  void malformedOutputsOfAGraphTaskAreReportedAsADeterministicFailure() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);

    h.started().finish(new Outcome.Success(hex("01000000"), 1)); // one output announced, none sent

    Failed report = (Failed) h.report();
    assertEquals(FailureClass.DETERMINISTIC, report.failure().failureClass());
    assertTrue(
        report.failure().message().contains("malformed task outputs"), report.failure().message());
  }

  @Test
  void aPoolFailureReportsTheTaskAsLostAndStopsTheLoopWithAnError() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);

    h.started().fail(new PoolException("no executor can be started: java not found"));

    Failed report = (Failed) h.report();
    assertEquals(
        TaskFailure.environmental("executor lost: no executor can be started: java not found"),
        report.failure());
    Termination.Failed end = assertInstanceOf(Termination.Failed.class, h.terminated());
    assertEquals(ExecutionManagerException.Kind.POOL, end.error().kind());
    assertTrue(end.error().getMessage().contains("job " + a.jobId()), end.error().getMessage());
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements());
    assertEquals(List.of(), h.storage.reported(), "no other report");
  }

  // ---- slots ----------------------------------------------------------------------------------

  @Test
  void runsUpToOneTaskPerSlotAndDoesNotPollWhileAllAreBusy() throws Exception {
    harness(2).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment b = assignment(2, BOOT_SESSION);
    TaskAssignment c = assignment(3, BOOT_SESSION);
    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
    h.scheduler.assign(a);
    FakeRunner.Execution runA = h.started();
    assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll());
    h.scheduler.assign(b);
    FakeRunner.Execution runB = h.started();

    h.scheduler.assign(c);
    assertQuiet(h.scheduler.polls, "nextTask call while both slots are busy");
    assertEquals(2, h.runner.running.get());

    runA.finish(new Outcome.Success(ONE_OUTPUT, 1));
    assertEquals(poll(BOOT_EM, Optional.of(b)), h.poll());
    FakeRunner.Execution runC = h.started();
    runB.finish(new Outcome.Success(ONE_OUTPUT, 1));
    runC.finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.stop(EVENT_WAIT);

    assertEquals(2, h.runner.maxRunning.get());
    assertEquals(3, h.storage.reported().size());
    assertNotEquals(runA.threadName, runB.threadName, "two slots, two task threads");
  }

  // ---- sessions -------------------------------------------------------------------------------

  @Test
  void anAssignmentFromAnOlderSessionIsAcknowledgedButNotRun() throws Exception {
    harness(1).start();
    h.poll();
    TaskAssignment old = assignment(1, OLDER_SESSION);
    h.scheduler.assign(old);

    assertEquals(poll(BOOT_EM, Optional.of(old)), h.poll());
    assertTrue(h.storage.registrations.isEmpty(), "not registered");
    assertTrue(h.runner.started.isEmpty(), "not run");
    assertTrue(h.liveness.heartbeats.isEmpty(), "no refresh for an older session");
  }

  @Test
  void anAssignmentFromANewerSessionRefreshesTheSessionFirst() throws Exception {
    harness(2).liveness.onHeartbeat(RESTARTED_SESSION);
    CountDownLatch storageAnswers = new CountDownLatch(1);
    h.liveness.duringHeartbeat(() -> awaitQuietly(storageAnswers));
    h.start();
    h.poll();
    TaskAssignment newer = assignment(1, RESTARTED_SESSION);
    h.scheduler.assign(newer);

    assertEquals(BOOT_EM, next(h.liveness.heartbeats, "refresh heartbeat"));
    assertQuiet(h.storage.registrations, "registration before the refresh heartbeat answered");
    storageAnswers.countDown();
    assertEquals(
        new Registered(newer.jobId(), newer.taskId(), BOOT_EM, RESTARTED_SESSION),
        h.registration());
    h.started();
    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), h.manager.registration());

    // Session 5 is now the older one.
    assertEquals(poll(BOOT_EM, Optional.of(newer)), h.poll());
    TaskAssignment nowOld = assignment(2, BOOT_SESSION);
    h.scheduler.assign(nowOld);
    assertEquals(poll(BOOT_EM, Optional.of(nowOld)), h.poll());
    assertTrue(
        h.storage.registrations.isEmpty(),
        "the assignment of the boot session, now older, is not registered");
  }

  @Test
  void aNewerSessionThatLivenessDoesNotConfirmIsLeftToStorage() throws Exception {
    harness(1).start(); // liveness keeps answering session 5
    h.poll();
    TaskAssignment newer = assignment(1, RESTARTED_SESSION);
    h.scheduler.assign(newer);

    assertEquals(BOOT_EM, next(h.liveness.heartbeats, "refresh heartbeat"));
    assertEquals(
        new Registered(newer.jobId(), newer.taskId(), BOOT_EM, RESTARTED_SESSION),
        h.registration());
    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));
    assertEquals(RESTARTED_SESSION, ((Succeeded) h.report()).sessionId());
  }

  @Test
  void anOutcomeIsDroppedWhenTheSessionMovedOnWhileTheTaskRan() throws Exception {
    harness(2).liveness.onHeartbeat(RESTARTED_SESSION);
    h.start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment b = assignment(2, RESTARTED_SESSION);
    h.scheduler.assign(a);
    FakeRunner.Execution runA = h.started();
    h.scheduler.assign(b); // newer session: the heartbeat moves the manager to session 6
    FakeRunner.Execution runB = h.started();

    runA.finish(new Outcome.Success(ONE_OUTPUT, 1));
    runB.finish(new Outcome.Success(ONE_OUTPUT, 1));
    assertEquals(b.jobId(), h.report().jobId());
    h.stop(EVENT_WAIT);

    assertEquals(
        List.of(),
        h.storage.reported(),
        "the outcome under the boot session, now older, was not reported");
    assertEquals(2, h.scheduler.acknowledgements().size());
  }

  // ---- registerTaskInstance errors -----------------------------------------------------------

  @Test
  void aStaleSessionOnRegistrationRefreshesTheSessionAndDropsTheTask() throws Exception {
    harness(1).liveness.onHeartbeat(RESTARTED_SESSION);
    h.start();
    h.poll();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onRegister(
        a.jobId(), new StaleSessionException(registerCall(a), BOOT_SESSION, RESTARTED_SESSION));
    h.scheduler.assign(a);

    assertEquals(BOOT_EM, next(h.liveness.heartbeats, "refresh heartbeat"));
    assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll());
    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), h.manager.registration());
    assertEquals(1, h.storage.registrations.size());
    assertTrue(h.runner.started.isEmpty(), "not run");
  }

  @Test
  void aStaleCacheOnRegistrationDropsTheTaskWithoutARefresh() throws Exception {
    harness(1).start();
    h.poll();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onRegister(a.jobId(), new CacheStaleException(registerCall(a) + ": job ended"));
    h.scheduler.assign(a);

    assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll());
    assertTrue(h.runner.started.isEmpty(), "not run");
    assertTrue(h.liveness.heartbeats.isEmpty(), "no refresh");
  }

  @Test
  void registrationTransportErrorsAreRetriedWithTheSameArguments() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onRegister(
        a.jobId(),
        new TransportException(registerCall(a) + ": refused", NOT_SENT),
        new TransportException(registerCall(a) + ": timed out connecting", NOT_SENT));
    h.scheduler.assign(a);

    FakeRunner.Execution run = h.started();
    Registered expected = new Registered(a.jobId(), a.taskId(), BOOT_EM, BOOT_SESSION);
    assertEquals(List.of(expected, expected, expected), List.copyOf(h.storage.registrations));
    run.finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.report();
    h.stop(EVENT_WAIT);
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements());
  }

  @Test
  void aRegistrationThatKeepsFailingIsGivenUpUnacknowledged() throws Exception {
    harness(1).start();
    h.poll();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TransportException refused = new TransportException(registerCall(a) + ": refused", NOT_SENT);
    h.storage.onRegister(a.jobId(), refused, refused, refused); // 3 attempts in the test config
    h.scheduler.assign(a);

    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
    assertEquals(3, h.storage.registrations.size());
    assertTrue(h.runner.started.isEmpty(), "not run");
    h.stop(EVENT_WAIT);
    assertEquals(List.of(), h.scheduler.acknowledgements());
  }

  @Test
  void aRegistrationThatMayHaveArrivedStopsTheLoopLeavingItUnacknowledged() throws Exception {
    harness(2).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment lost = assignment(2, BOOT_SESSION);
    TransportException ambiguous =
        new TransportException(registerCall(lost) + ": DEADLINE_EXCEEDED", MAY_HAVE_ARRIVED);
    h.storage.onRegister(lost.jobId(), ambiguous);
    h.scheduler.assign(a, lost);
    FakeRunner.Execution runA = h.started();

    assertEquals(a.jobId(), h.registration().jobId());
    assertEquals(lost.jobId(), h.registration().jobId());
    assertFalse(h.manager.awaitTermination(Fixtures.QUIET_WAIT), "terminated with a running task");
    assertEquals(ExecutionManager.State.STOPPING, h.manager.state());
    runA.finish(new Outcome.Success(ONE_OUTPUT, 1));

    assertEquals(a.jobId(), h.report().jobId());
    Termination.Failed end = assertInstanceOf(Termination.Failed.class, h.terminated());
    assertEquals(ExecutionManagerException.Kind.STORAGE, end.error().kind());
    assertSame(ambiguous, end.error().getCause());
    String message = end.error().getMessage();
    assertTrue(message.contains("task " + lost.taskId()), message);
    assertTrue(message.contains("job " + lost.jobId()), message);
    assertTrue(message.contains("may have reached storage"), message);
    assertTrue(message.contains(ambiguous.getMessage()), message);
    assertEquals(new Termination.Summary(1, 0, 0, true), end.summary());
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements(), "lost never acknowledged");
    assertEquals(List.of(List.of()), List.copyOf(h.scheduler.shutdowns));
    assertTrue(h.storage.registrations.isEmpty(), "lost was tried once, never again");
    assertEquals(2, h.scheduler.polls.size(), "no poll after the ambiguous registration");
    assertTrue(h.runner.started.isEmpty(), "lost did not run");
  }

  @Test
  void aServerErrorOnRegistrationStopsTheLoopAfterRunningTasksFinish() throws Exception {
    harness(2).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment b = assignment(2, BOOT_SESSION);
    ServerException internal = new ServerException(registerCall(b) + ": internal error");
    h.storage.onRegister(b.jobId(), internal);
    h.scheduler.assign(a, b);
    FakeRunner.Execution runA = h.started();

    assertEquals(a.jobId(), h.registration().jobId());
    assertEquals(b.jobId(), h.registration().jobId());
    assertFalse(h.manager.awaitTermination(Fixtures.QUIET_WAIT), "terminated with a running task");
    assertEquals(ExecutionManager.State.STOPPING, h.manager.state());
    runA.finish(new Outcome.Success(ONE_OUTPUT, 1));

    assertEquals(a.jobId(), h.report().jobId());
    Termination.Failed end = assertInstanceOf(Termination.Failed.class, h.terminated());
    assertEquals(ExecutionManagerException.Kind.STORAGE, end.error().kind());
    assertTrue(end.error().getMessage().contains("job " + b.jobId()), end.error().getMessage());
    assertTrue(end.error().getMessage().contains(internal.getMessage()), end.error().getMessage());
    assertEquals(new Termination.Summary(1, 0, 0, true), end.summary());
    // b is never acknowledged, as in Spider, so the scheduler hands it out again.
    assertEquals(List.of(a.consumed()), h.scheduler.acknowledgements());
    assertEquals(List.of(List.of()), List.copyOf(h.scheduler.shutdowns));
    assertEquals(2, h.scheduler.polls.size(), "no poll after the server error");
    assertTrue(h.runner.started.isEmpty(), "b did not run");
  }

  // ---- nextTask errors and acknowledgements ---------------------------------------------------

  @Test
  void schedulerErrorsAreRetriedAndTheAcknowledgementSentAgain() throws Exception {
    harness(1).start();
    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.scheduler.assign(a);
    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.report();
    h.scheduler.fail(new TransportException(NEXT_TASK + ": refused"));
    h.scheduler.fail(new SchedulerProtocolException(NEXT_TASK + ": bad reply"));
    h.scheduler.fail(new ServerException(NEXT_TASK + ": internal error"));
    TaskAssignment b = assignment(2, OLDER_SESSION); // dropped, so the loop polls again at once
    h.scheduler.assign(b);

    for (int i = 0; i < 4; i++) {
      assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll(), "poll " + (i + 2));
    }
    assertEquals(poll(BOOT_EM, Optional.of(b)), h.poll());
    h.stop(EVENT_WAIT);
    assertEquals(List.of(a.consumed(), b.consumed()), h.scheduler.acknowledgements());
  }

  @Test
  void everyConsumedAssignmentIsAcknowledgedExactlyOnce() throws Exception {
    harness(1).start();
    TaskAssignment ran = assignment(1, BOOT_SESSION);
    TaskAssignment older = assignment(2, OLDER_SESSION);
    TaskAssignment cacheStale = assignment(3, BOOT_SESSION);
    TaskAssignment givenUp = assignment(4, BOOT_SESSION);
    TaskAssignment lastOlder = assignment(5, OLDER_SESSION);
    h.storage.onRegister(
        cacheStale.jobId(), new CacheStaleException(registerCall(cacheStale) + ": job cancelled"));
    TransportException refused =
        new TransportException(registerCall(givenUp) + ": refused", NOT_SENT);
    h.storage.onRegister(givenUp.jobId(), refused, refused, refused);

    h.scheduler.assign(ran);
    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));
    h.report();
    h.scheduler.assign(older, cacheStale);
    h.scheduler.fail(new TransportException(NEXT_TASK + ": refused"));
    h.scheduler.assign(givenUp, lastOlder);

    List<Optional<ConsumedAssignment>> previous =
        List.of(
            Optional.empty(),
            Optional.of(ran.consumed()),
            Optional.of(older.consumed()),
            Optional.of(cacheStale.consumed()), // failed: sent again
            Optional.of(cacheStale.consumed()),
            Optional.empty(), // givenUp is not acknowledged
            Optional.of(lastOlder.consumed()));
    for (Optional<ConsumedAssignment> expected : previous) {
      assertEquals(new Poll(BOOT_EM, expected), h.poll());
    }
    h.stop(EVENT_WAIT); // the last poll is interrupted: lastOlder goes to shutdown

    List<ConsumedAssignment> acks = h.scheduler.acknowledgements();
    assertEquals(
        List.of(ran.consumed(), older.consumed(), cacheStale.consumed(), lastOlder.consumed()),
        acks);
    assertEquals(List.of(List.of(lastOlder.consumed())), List.copyOf(h.scheduler.shutdowns));
  }

  // ---- reports --------------------------------------------------------------------------------

  @Test
  void reportTransportErrorsAreRetriedOffTheLoop() throws Exception {
    harness(1).start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onReport(
        a.jobId(),
        new TransportException(reportCall(a) + ": refused"),
        new TransportException(reportCall(a) + ": timed out"));
    h.scheduler.assign(a);

    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));

    assertEquals(success(a, Optional.of(new TaskOutputs(ONE_OUTPUT))), h.report());
    h.stop(EVENT_WAIT);
    String reportEvent = "storage.reportSuccess " + a.jobId();
    assertEquals(3, h.events.snapshot().stream().filter(reportEvent::equals).count());
  }

  @Test
  void aStaleSessionOnReportRefreshesTheSessionAndDropsTheReport() throws Exception {
    harness(1).liveness.onHeartbeat(RESTARTED_SESSION);
    h.start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    h.storage.onReport(
        a.jobId(), new StaleSessionException(reportCall(a), BOOT_SESSION, RESTARTED_SESSION));
    h.scheduler.assign(a);

    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));

    assertEquals(BOOT_EM, next(h.liveness.heartbeats, "refresh heartbeat"));
    h.stop(EVENT_WAIT);
    assertEquals(List.of(), h.storage.reported());
    assertEquals(
        Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), h.manager.registration());
  }

  // ---- liveness ---------------------------------------------------------------------------------

  @Test
  void markedDeadVoidsTheRunningTasksAndCarriesOnUnderANewRegistration() throws Exception {
    harness(2)
        .liveness
        .onRegister(
            new Registration(BOOT_EM, BOOT_SESSION),
            new Registration(REREGISTERED_EM, REREGISTERED_SESSION));
    h.liveness.onHeartbeat(new MarkedDeadException(BOOT_EM));
    h.start();
    TaskAssignment a = assignment(1, BOOT_SESSION);
    TaskAssignment b = assignment(2, RESTARTED_SESSION);
    TaskAssignment c = assignment(3, REREGISTERED_SESSION);
    h.scheduler.assign(a);
    FakeRunner.Execution runA = h.started();
    assertEquals(poll(BOOT_EM, Optional.empty()), h.poll());
    assertEquals(poll(BOOT_EM, Optional.of(a)), h.poll());

    h.scheduler.assign(b); // newer session → heartbeat → marked dead → register again as em 3
    runA.interrupted.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(poll(REREGISTERED_EM, Optional.of(b)), h.poll()); // b was made to em 2: dropped
    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)),
        h.manager.registration());

    h.scheduler.assign(c);
    assertEquals(new Registered(a.jobId(), a.taskId(), BOOT_EM, BOOT_SESSION), h.registration());
    assertEquals(
        new Registered(c.jobId(), c.taskId(), REREGISTERED_EM, REREGISTERED_SESSION),
        h.registration());
    h.started().finish(new Outcome.Success(ONE_OUTPUT, 1));
    FakeStorage.Reported report = h.report();
    assertEquals(c.jobId(), report.jobId());
    assertEquals(REREGISTERED_EM, report.emId());
    h.stop(EVENT_WAIT);

    assertEquals(List.of(), h.storage.reported(), "a, run under the voided id, is not reported");
    assertEquals(List.of(a.consumed(), b.consumed(), c.consumed()), h.scheduler.acknowledgements());
    assertTrue(
        h.events.snapshot().contains("scheduler.shutdown " + REREGISTERED_EM),
        h.events.snapshot().toString());
  }

  @Test
  void heartbeatsRunPeriodicallyUntilTheShutdown() throws Exception {
    harness(1)
        .start(
            Fixtures.config()
                .livenessInterval(Duration.ofMillis(10))
                .schedulerHeartbeatInterval(Duration.ofMillis(10)));
    for (int i = 0; i < 3; i++) {
      assertEquals(BOOT_EM, next(h.liveness.heartbeats, "liveness heartbeat " + i));
      assertEquals(BOOT_EM, next(h.scheduler.heartbeats, "scheduler heartbeat " + i));
    }

    h.stop(EVENT_WAIT);
    h.liveness.heartbeats.clear();
    h.scheduler.heartbeats.clear();

    assertQuiet(h.scheduler.heartbeats, "scheduler heartbeat after termination");
    assertQuiet(h.liveness.heartbeats, "liveness heartbeat after termination");
    assertTrue(
        h.events.last("scheduler.heartbeat") < h.events.first("scheduler.shutdown"),
        h.events.snapshot().toString());
  }

  @Test
  void threadsAreNamed() throws Exception {
    harness(1).start();
    h.poll();

    List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    assertTrue(names.contains("spider-runtime-loop"), names.toString());
    assertTrue(names.contains("spider-liveness-heartbeat"), names.toString());
    assertTrue(names.contains("spider-scheduler-heartbeat"), names.toString());
  }
}
