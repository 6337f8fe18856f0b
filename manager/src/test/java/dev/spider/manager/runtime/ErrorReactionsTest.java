package dev.spider.manager.runtime;

import static dev.spider.manager.client.TransportException.Arrival.MAY_HAVE_ARRIVED;
import static dev.spider.manager.client.TransportException.Arrival.NOT_SENT;
import static dev.spider.manager.runtime.Fixtures.ADDRESS;
import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.OLDER_SESSION;
import static dev.spider.manager.runtime.Fixtures.ONE_OUTPUT;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_EM;
import static dev.spider.manager.runtime.Fixtures.REREGISTERED_SESSION;
import static dev.spider.manager.runtime.Fixtures.RESTARTED_SESSION;
import static dev.spider.manager.runtime.Fixtures.TIMEOUTS;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static dev.spider.manager.runtime.Fixtures.hex;
import static dev.spider.manager.runtime.Fixtures.next;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TransportException;
import dev.spider.manager.pool.Outcome;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.exceptions.base.MockitoException;

/**
 * How the runtime reacts to each error kind a client can raise, as the clients' Javadoc documents
 * it, checked on the classes that really react, against Mockito-mocked clients:
 * registerTaskInstance errors on {@link InstanceRegistrar} (and {@link AssignmentIntake} for what
 * runs), nextTask errors on the {@link AssignmentIntake}'s poll, liveness errors on {@link
 * LivenessHeartbeat} and {@link Membership}, report errors on {@link Report} and {@link Reporter}.
 *
 * <p>Backoffs are spies on real {@link Backoff}s of a millisecond, so a test sees which delays the
 * code asked for without waiting them out. Liveness heartbeats run on a real timer thread, only on
 * demand; tests wait for the one they caused.
 */
final class ErrorReactionsTest {

  private static final Duration POLL_WAIT = Duration.ofSeconds(1);
  private static final int ATTEMPTS = 3;
  private static final Registration BOOT = new Registration(BOOT_EM, BOOT_SESSION);
  private static final TaskAssignment ASSIGNMENT = assignment(3, BOOT_SESSION);
  private static final ExecutionContext CONTEXT =
      Fixtures.context(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), TIMEOUTS);

  /** How storage clients name the registration of {@link #ASSIGNMENT} in their messages. */
  private static final String REGISTER_CALL =
      "registerTaskInstance(job "
          + ASSIGNMENT.jobId()
          + ", task "
          + ASSIGNMENT.taskId()
          + ", em "
          + BOOT_EM
          + ", session "
          + BOOT_SESSION
          + ")";

  private final SchedulerClient scheduler = mock(SchedulerClient.class);
  private final StorageClient storage = mock(StorageClient.class);
  private final LivenessClient livenessClient = mock(LivenessClient.class);
  private final Backoff registrationBackoff = spy(fastBackoff());
  private final Backoff pollBackoff = spy(fastBackoff());
  private final Backoff reportBackoff = spy(fastBackoff());

  private final InFlight inFlight = new InFlight(1);
  private final Membership membership = new Membership(BOOT, inFlight::voidRunsUnder);
  private final LivenessHeartbeat liveness =
      new LivenessHeartbeat(
          livenessClient,
          membership,
          ADDRESS,
          Duration.ofHours(1), // never started: heartbeats only when a reaction asks for one
          HeartbeatTimer.onThread("error-reactions-liveness"));
  private final StopControl stop = new StopControl(EVENT_WAIT, membership, inFlight);
  private final Acknowledgements acks = new Acknowledgements();
  private final SessionRefresh refresh = new SessionRefresh(liveness, membership, stop, EVENT_WAIT);
  private final InstanceRegistrar registrar =
      new InstanceRegistrar(
          storage, new RetryPolicy(ATTEMPTS, registrationBackoff), acks, stop, refresh);

  /** The refreshes the reporter asked for, so a test can wait for the heartbeat it caused. */
  private final BlockingQueue<CompletableFuture<Void>> reportRefreshes =
      new LinkedBlockingQueue<>();

  private final Reporter reporter =
      new Reporter(
          storage,
          new RetryPolicy(ATTEMPTS, reportBackoff),
          () -> reportRefreshes.add(liveness.refresh()),
          1);
  private final FakeRunner runner = new FakeRunner(1, new EventLog());
  private final TaskThreads tasks = new TaskThreads(runner, inFlight, membership, reporter, stop);
  private final AssignmentIntake intake =
      new AssignmentIntake(
          POLL_WAIT,
          pollBackoff,
          scheduler,
          membership,
          inFlight,
          stop,
          acks,
          refresh,
          registrar,
          tasks);

  private static Backoff fastBackoff() {
    return new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  @AfterEach
  void close() throws InterruptedException {
    tasks.close();
    assertTrue(reporter.drain(EVENT_WAIT), "reports still pending");
    liveness.close();
  }

  // ---- registerTaskInstance -------------------------------------------------------------------

  @Test
  void aRegisteredTaskRunsAndItsAssignmentIsAcknowledged() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenReturn(CONTEXT);

    intake.handle(ASSIGNMENT, BOOT);

    FakeRunner.Execution run = next(runner.started, "task start");
    assertArrayEquals(
        ExecuteRequests.build(CONTEXT, ASSIGNMENT.resourceGroupId()).rawContext(),
        run.request.rawContext());
    assertEquals(List.of(ASSIGNMENT.consumed()), acks.drain());
    verifyNoInteractions(livenessClient);
    run.finish(new Outcome.Success(ONE_OUTPUT, 1));
  }

  @Test
  void aRegisteredInstanceIsReturnedToRun() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenReturn(CONTEXT);

    assertEquals(Optional.of(CONTEXT), registrar.register(ASSIGNMENT, BOOT_EM));
    assertEquals(List.of(ASSIGNMENT.consumed()), acks.drain());
  }

  @Test
  void staleSessionRefreshesTheSessionAndDropsTheTask() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(new StaleSessionException(REGISTER_CALL, BOOT_SESSION, RESTARTED_SESSION));
    when(livenessClient.heartbeat(BOOT_EM)).thenReturn(RESTARTED_SESSION);

    assertEquals(Optional.empty(), registrar.register(ASSIGNMENT, BOOT_EM));

    // The registrar waited for the heartbeat it asked for, so the session has moved already.
    assertEquals(Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), registration());
    assertEquals(List.of(ASSIGNMENT.consumed()), acks.drain());
    verify(storage, times(1))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
    verify(livenessClient).heartbeat(BOOT_EM);
    verifyNoMoreInteractions(livenessClient);
  }

  @Test
  void cacheStaleDropsTheTaskWithoutARefresh() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(
            new CacheStaleException(REGISTER_CALL + ": job " + ASSIGNMENT.jobId() + " ended"));

    assertEquals(Optional.empty(), registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(List.of(ASSIGNMENT.consumed()), acks.drain());
    assertEquals(Optional.of(BOOT), registration());
    verify(storage, times(1))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
    verifyNoInteractions(livenessClient);
  }

  @Test
  void unsentRegistrationsAreRetriedWithBackoffAndTheSameArguments() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(new TransportException(REGISTER_CALL + ": connection refused", NOT_SENT))
        .thenThrow(new TransportException(REGISTER_CALL + ": timed out connecting", NOT_SENT))
        .thenReturn(CONTEXT);

    assertEquals(Optional.of(CONTEXT), registrar.register(ASSIGNMENT, BOOT_EM));

    // Backed off after the first and the second failure, doubling: delayAfter(1), delayAfter(2).
    verify(registrationBackoff).delayAfter(1);
    verify(registrationBackoff).delayAfter(2);
    verify(registrationBackoff, never()).delayAfter(3);
    assertEquals(List.of(ASSIGNMENT.consumed()), acks.drain());
    verify(storage, times(3))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
    verifyNoInteractions(livenessClient);
  }

  @Test
  void unsentRegistrationsThatPersistGiveUpWithoutConsumingTheAssignment() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(new TransportException(REGISTER_CALL + ": refused", NOT_SENT))
        .thenThrow(new TransportException(REGISTER_CALL + ": refused", NOT_SENT))
        .thenThrow(new TransportException(REGISTER_CALL + ": still refused", NOT_SENT));

    // Given up quietly, not thrown: the loop carries on and the scheduler hands it out again.
    assertEquals(Optional.empty(), registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(List.of(), acks.drain());
    verify(storage, times(ATTEMPTS))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
    verify(registrationBackoff, times(ATTEMPTS - 1)).delayAfter(anyInt());
    assertEquals(ExecutionManager.State.RUNNING, stop.state());
  }

  @Test
  void aRegistrationThatMayHaveArrivedStopsTheLoopUnacknowledged() throws Exception {
    TransportException ambiguous =
        new TransportException(REGISTER_CALL + ": DEADLINE_EXCEEDED", MAY_HAVE_ARRIVED);
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(ambiguous)
        .thenReturn(CONTEXT);

    // Not retried: the first attempt may hold the task's only instance slot, until this
    // manager's id dies; so the manager stops, as Spider's does.
    ExecutionManagerException stopped =
        assertThrows(
            ExecutionManagerException.class, () -> registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(ExecutionManagerException.Kind.STORAGE, stopped.kind());
    assertSame(ambiguous, stopped.getCause());
    assertTrue(stopped.getMessage().contains("job " + ASSIGNMENT.jobId()), stopped.getMessage());
    assertTrue(stopped.getMessage().contains("task " + ASSIGNMENT.taskId()), stopped.getMessage());
    assertTrue(stopped.getMessage().contains("may have reached storage"), stopped.getMessage());
    assertTrue(stopped.getMessage().contains(ambiguous.getMessage()), stopped.getMessage());
    assertEquals(List.of(), acks.drain());
    verify(storage, times(1))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
    verifyNoInteractions(registrationBackoff);
    assertEquals(ExecutionManager.State.RUNNING, stop.state());
  }

  @Test
  void aCacheStaleThatWouldFollowAnAmbiguousAttemptIsNeverAcknowledged() throws Exception {
    // What a retry would get if the first attempt registered the instance (docs/cluster.md):
    // acknowledging it would wedge the task. The retry must never happen.
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(new TransportException(REGISTER_CALL + ": connection reset", NOT_SENT))
        .thenThrow(new TransportException(REGISTER_CALL + ": connection lost", MAY_HAVE_ARRIVED))
        .thenThrow(new CacheStaleException(REGISTER_CALL + ": task instance limit exceeded"));

    assertThrows(ExecutionManagerException.class, () -> registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(List.of(), acks.drain());
    verify(storage, times(2))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
  }

  @Test
  void aTransportErrorWithoutAnArrivalIsTakenAsAmbiguous() throws Exception {
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(new TransportException(REGISTER_CALL + ": something broke"))
        .thenReturn(CONTEXT);

    ExecutionManagerException stopped =
        assertThrows(
            ExecutionManagerException.class, () -> registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(ExecutionManagerException.Kind.STORAGE, stopped.kind());

    assertEquals(List.of(), acks.drain());
    verify(storage, times(1))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
  }

  @Test
  void aServerErrorStopsTheLoopWithoutRetrying() throws Exception {
    ServerException error = new ServerException(REGISTER_CALL + ": internal error");
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(error);

    ExecutionManagerException stopped =
        assertThrows(
            ExecutionManagerException.class, () -> registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(ExecutionManagerException.Kind.STORAGE, stopped.kind());
    assertSame(error, stopped.getCause());
    assertTrue(stopped.getMessage().contains(error.getMessage()), stopped.getMessage());
    assertTrue(stopped.getMessage().contains("job " + ASSIGNMENT.jobId()), stopped.getMessage());
    assertEquals(List.of(), acks.drain(), "not acknowledged, as in Spider");
    verifyNoInteractions(registrationBackoff);
    verify(storage, times(1))
        .registerTaskInstance(ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION);
  }

  @Test
  void aStorageClientThatThrowsStopsTheLoopUnacknowledged() throws Exception {
    IllegalStateException bug = new IllegalStateException("a bug in the storage client");
    when(storage.registerTaskInstance(
            ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
        .thenThrow(bug);

    ExecutionManagerException stopped =
        assertThrows(
            ExecutionManagerException.class, () -> registrar.register(ASSIGNMENT, BOOT_EM));

    assertEquals(ExecutionManagerException.Kind.INTERNAL, stopped.kind());
    assertSame(bug, stopped.getCause());
    assertEquals(List.of(), acks.drain(), "not acknowledged, as in Spider");
  }

  // ---- liveness -------------------------------------------------------------------------------

  @Test
  void markedDeadMeansRegisteringAgainUnderANewId() throws Exception {
    when(livenessClient.heartbeat(BOOT_EM)).thenThrow(new MarkedDeadException(BOOT_EM));
    when(livenessClient.register(ADDRESS))
        .thenReturn(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    heartbeatNow();

    assertEquals(
        Optional.of(new Registration(REREGISTERED_EM, REREGISTERED_SESSION)), registration());
  }

  @Test
  void anIllegalIdMeansRegisteringAgainToo() throws Exception {
    when(livenessClient.heartbeat(BOOT_EM))
        .thenThrow(new IllegalIdException(BOOT_EM, "unknown execution manager"));
    when(livenessClient.register(ADDRESS))
        .thenReturn(new Registration(REREGISTERED_EM, REREGISTERED_SESSION));

    heartbeatNow();

    assertEquals(REREGISTERED_EM, membership.current().emId());
    verify(livenessClient, times(1)).heartbeat(BOOT_EM);
  }

  @Test
  void aHeartbeatTransportErrorKeepsIdAndSession() throws Exception {
    when(livenessClient.heartbeat(BOOT_EM))
        .thenThrow(new TransportException("heartbeat(em " + BOOT_EM + "): timed out"));

    heartbeatNow();

    assertEquals(Optional.of(BOOT), registration());
    verify(livenessClient, never()).register(any());
  }

  @Test
  void anOlderSessionFromAHeartbeatIsIgnored() throws Exception {
    when(livenessClient.heartbeat(BOOT_EM)).thenReturn(OLDER_SESSION);

    heartbeatNow();

    assertEquals(Optional.of(BOOT), registration());
  }

  // ---- reports --------------------------------------------------------------------------------

  @Test
  void aGraphTaskReportsItsOutputs() throws Exception {
    ReportTarget target = target(ASSIGNMENT, CONTEXT);

    assertEquals(
        Reporter.Delivery.DELIVERED,
        reporter.send(Report.of(target, new Outcome.Success(ONE_OUTPUT, 1))));

    verify(storage)
        .reportTaskSuccess(
            ASSIGNMENT.jobId(),
            ASSIGNMENT.taskId(),
            CONTEXT.taskInstanceId(),
            BOOT_EM,
            BOOT_SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));
  }

  @Test
  void theCommitTaskReportsNoOutputs() throws Exception {
    TaskAssignment commit = assignment(4, TaskId.COMMIT, BOOT_SESSION);
    ExecutionContext context =
        ExecutionContext.forCommit(
            commit.jobId(),
            Fixtures.instanceOf(commit.jobId()),
            CONTEXT.function(),
            CONTEXT.timeoutPolicy(),
            hex("00000000"),
            hex("00 00000000"));

    reporter.send(Report.of(target(commit, context), new Outcome.Success(ONE_OUTPUT, 1)));

    verify(storage)
        .reportTaskSuccess(
            commit.jobId(),
            TaskId.COMMIT,
            context.taskInstanceId(),
            BOOT_EM,
            BOOT_SESSION,
            Optional.empty());
  }

  @Test
  void invalidInputIsReportedAsAFailureInstead() throws Exception {
    ReportTarget target = target(ASSIGNMENT, CONTEXT);
    InvalidInputException refused =
        new InvalidInputException(successCall(target) + ": outputs refused");
    doThrow(refused)
        .when(storage)
        .reportTaskSuccess(
            ASSIGNMENT.jobId(),
            ASSIGNMENT.taskId(),
            CONTEXT.taskInstanceId(),
            BOOT_EM,
            BOOT_SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));

    reporter.send(Report.of(target, new Outcome.Success(ONE_OUTPUT, 1)));

    verify(storage, times(1)).reportTaskSuccess(any(), any(), any(), any(), any(), any());
    verify(storage)
        .reportTaskFailure(
            ASSIGNMENT.jobId(),
            ASSIGNMENT.taskId(),
            CONTEXT.taskInstanceId(),
            BOOT_EM,
            BOOT_SESSION,
            TaskFailure.deterministic("cannot report success: " + refused.getMessage()));
  }

  @Test
  void aStaleReportIsDroppedAfterARefreshAndNeverRetried() throws Exception {
    ReportTarget target = target(ASSIGNMENT, CONTEXT);
    doThrow(new StaleSessionException(successCall(target), BOOT_SESSION, RESTARTED_SESSION))
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());
    when(livenessClient.heartbeat(BOOT_EM)).thenReturn(RESTARTED_SESSION);

    assertEquals(
        Reporter.Delivery.STALE_SESSION,
        reporter.send(Report.of(target, new Outcome.Success(ONE_OUTPUT, 1))));

    // The reporter only asks for the heartbeat (it must not block); wait for that one.
    next(reportRefreshes, "session refresh").get(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    assertEquals(Optional.of(new Registration(BOOT_EM, RESTARTED_SESSION)), registration());
    verify(storage, times(1)).reportTaskSuccess(any(), any(), any(), any(), any(), any());
    verify(storage, never()).reportTaskFailure(any(), any(), any(), any(), any(), any());
  }

  @Test
  void aReportForAnEndedJobIsDropped() throws Exception {
    ReportTarget target = target(ASSIGNMENT, CONTEXT);
    doThrow(new CacheStaleException(failureCall(target) + ": job ended"))
        .when(storage)
        .reportTaskFailure(any(), any(), any(), any(), any(), any());
    Outcome.Timeout timedOut = new Outcome.Timeout(TIMEOUTS.hard());

    assertEquals(Reporter.Delivery.CACHE_STALE, reporter.send(Report.of(target, timedOut)));

    ArgumentCaptor<TaskFailure> sent = ArgumentCaptor.forClass(TaskFailure.class);
    verify(storage, times(1)).reportTaskFailure(any(), any(), any(), any(), any(), sent.capture());
    // The real message names the timeout as the failure table words it (docs/failures.md).
    assertEquals(FailureClass.ENVIRONMENTAL, sent.getValue().failureClass());
    assertTrue(
        sent.getValue().message().startsWith("timeout: hard timeout of "),
        sent.getValue().message());
    assertTrue(reportRefreshes.isEmpty(), "no refresh");
    verifyNoInteractions(livenessClient);
  }

  @Test
  void aReportIsResentAfterATransportError() throws Exception {
    ReportTarget target = target(ASSIGNMENT, CONTEXT);
    doThrow(new TransportException(successCall(target) + ": reset"))
        .doNothing() // the second attempt succeeds
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());

    assertEquals(
        Reporter.Delivery.DELIVERED,
        reporter.send(Report.of(target, new Outcome.Success(ONE_OUTPUT, 1))));

    verify(storage, times(2))
        .reportTaskSuccess(
            ASSIGNMENT.jobId(),
            ASSIGNMENT.taskId(),
            CONTEXT.taskInstanceId(),
            BOOT_EM,
            BOOT_SESSION,
            Optional.of(new TaskOutputs(ONE_OUTPUT)));
    verify(reportBackoff, times(1)).delayAfter(1);
    verify(reportBackoff, never()).delayAfter(2);
  }

  // ---- scheduler ------------------------------------------------------------------------------

  @Test
  void anAcknowledgementIsSentAgainAfterAFailedPoll() throws Exception {
    acks.consumed(ASSIGNMENT);
    ConsumedAssignment ack = ASSIGNMENT.consumed();
    TaskAssignment older = assignment(5, OLDER_SESSION);
    when(scheduler.nextTask(BOOT_EM, Optional.of(ack), POLL_WAIT))
        .thenThrow(new TransportException("nextTask(em " + BOOT_EM + "): connection refused"))
        .thenReturn(Optional.of(older));

    assertTrue(intake.turn());
    assertEquals(Optional.of(ack), acks.next(), "kept for the next poll");
    assertTrue(intake.turn());

    verify(scheduler, times(2)).nextTask(BOOT_EM, Optional.of(ack), POLL_WAIT);
    verify(pollBackoff, times(1)).delayAfter(1);
    // Delivered by the second poll; what is left is the older-session assignment it brought,
    // dropped (and so consumed) without registering it.
    assertEquals(List.of(older.consumed()), acks.drain());
    verifyNoInteractions(storage);
  }

  @Test
  void aProtocolErrorIsBackedOffLikeATransportError() throws Exception {
    when(scheduler.nextTask(BOOT_EM, Optional.empty(), POLL_WAIT))
        .thenThrow(
            new SchedulerProtocolException(
                "nextTask(em " + BOOT_EM + "): reply is not an assignment"))
        .thenThrow(new TransportException("nextTask(em " + BOOT_EM + "): connection refused"))
        .thenReturn(Optional.empty());

    assertTrue(intake.turn());
    assertTrue(intake.turn());
    assertTrue(intake.turn());

    // One count of failures in a row for both kinds, reset by the poll that succeeded.
    verify(pollBackoff).delayAfter(1);
    verify(pollBackoff).delayAfter(2);
    verify(scheduler, times(3)).nextTask(BOOT_EM, Optional.empty(), POLL_WAIT);
  }

  // ---- the contract binds fakes too -----------------------------------------------------------

  @Test
  void aMockCannotThrowAKindTheMethodDoesNotDeclare() throws Exception {
    // registerTaskInstance never raises InvalidInput, so even a fake may not.
    MockitoException e =
        assertThrows(
            MockitoException.class,
            () ->
                when(storage.registerTaskInstance(
                        ASSIGNMENT.jobId(), ASSIGNMENT.taskId(), BOOT_EM, BOOT_SESSION))
                    .thenThrow(new InvalidInputException(REGISTER_CALL + ": refused")));
    assertTrue(e.getMessage().contains("Checked exception is invalid"), e.getMessage());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Optional<Registration> registration() {
    return membership.registration();
  }

  /** One liveness heartbeat now; returns once it ended, whatever its result. */
  private void heartbeatNow() throws Exception {
    liveness.refresh().get(EVENT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The report target of {@code a}'s instance {@code context}, as its task run computes it. */
  private static ReportTarget target(TaskAssignment a, ExecutionContext context) {
    return new TaskRun(
            a,
            BOOT_EM,
            context,
            ExecuteRequests.build(context, a.resourceGroupId()),
            ExecuteRequests.timeouts(context.timeoutPolicy()))
        .target();
  }

  private static String successCall(ReportTarget target) {
    return "reportTaskSuccess(" + target + ")";
  }

  private static String failureCall(ReportTarget target) {
    return "reportTaskFailure(" + target + ")";
  }
}
