package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_EM;
import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.ONE_OUTPUT;
import static dev.spider.manager.runtime.Fixtures.RESTARTED_SESSION;
import static dev.spider.manager.runtime.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TransportException;
import dev.spider.manager.pool.Outcome;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Outcome reports against a Mockito storage: every error reaction, retries, threads, drain. */
final class ReporterTest {

  private static final JobId JOB = new JobId(7);
  private static final TaskInstanceId INSTANCE = new TaskInstanceId(9);
  private static final TaskId TASK = TaskId.index(3);
  private static final ReportTarget GRAPH =
      new ReportTarget(JOB, TASK, INSTANCE, BOOT_EM, BOOT_SESSION);

  // How storage clients name the calls in their messages.
  private static final String SUCCESS_CALL =
      "reportTaskSuccess(job " + JOB + ", task " + TASK + ")";
  private static final String FAILURE_CALL =
      "reportTaskFailure(job " + JOB + ", task " + TASK + ")";

  private static final TaskOutputs OUTPUTS = new TaskOutputs(ONE_OUTPUT);
  private static final Report SUCCESS = new Report.Success(GRAPH, Optional.of(OUTPUTS));
  private static final TaskFailure FAILURE =
      TaskFailure.environmental("timeout: hard timeout of 5 s passed");
  private static final Report FAILED = new Report.Failure(GRAPH, FAILURE);

  private final StorageClient storage = mock(StorageClient.class);
  private final AtomicInteger refreshes = new AtomicInteger();
  private final Reporter reporter =
      new Reporter(
          storage,
          new RetryPolicy(3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2))),
          refreshes::incrementAndGet,
          2);

  private void verifySuccessSent(int times) throws Exception {
    verify(storage, times(times))
        .reportTaskSuccess(JOB, TASK, INSTANCE, BOOT_EM, BOOT_SESSION, Optional.of(OUTPUTS));
  }

  private void verifyFailureSent(int times, TaskFailure failure) throws Exception {
    verify(storage, times(times))
        .reportTaskFailure(JOB, TASK, INSTANCE, BOOT_EM, BOOT_SESSION, failure);
  }

  @Test
  void aSuccessIsDeliveredWithItsOutputs() throws Exception {
    assertEquals(Reporter.Delivery.DELIVERED, reporter.send(SUCCESS));

    verifySuccessSent(1);
    verifyNoMoreInteractions(storage);
  }

  @Test
  void aFailureIsDeliveredWithItsClassification() throws Exception {
    assertEquals(Reporter.Delivery.DELIVERED, reporter.send(FAILED));

    verifyFailureSent(1, FAILURE);
    verifyNoMoreInteractions(storage);
  }

  @Test
  void transportErrorsAreRetriedWithTheSameReport() throws Exception {
    doThrow(new TransportException(SUCCESS_CALL + ": refused"))
        .doThrow(new TransportException(SUCCESS_CALL + ": timed out"))
        .doNothing()
        .when(storage)
        .reportTaskSuccess(JOB, TASK, INSTANCE, BOOT_EM, BOOT_SESSION, Optional.of(OUTPUTS));

    assertEquals(Reporter.Delivery.DELIVERED, reporter.send(SUCCESS));

    verifySuccessSent(3);
  }

  @Test
  void aReportIsDroppedAfterTheLastAttempt() throws Exception {
    doThrow(new TransportException(FAILURE_CALL + ": refused"))
        .when(storage)
        .reportTaskFailure(any(), any(), any(), any(), any(), any());

    assertEquals(Reporter.Delivery.GAVE_UP, reporter.send(FAILED));

    verifyFailureSent(3, FAILURE);
  }

  @Test
  void aStaleSessionRefreshesTheSessionAndIsNeverRetried() throws Exception {
    doThrow(new StaleSessionException(SUCCESS_CALL, BOOT_SESSION, RESTARTED_SESSION))
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());
    doThrow(new StaleSessionException(FAILURE_CALL, BOOT_SESSION, RESTARTED_SESSION))
        .when(storage)
        .reportTaskFailure(any(), any(), any(), any(), any(), any());

    assertEquals(Reporter.Delivery.STALE_SESSION, reporter.send(SUCCESS));
    assertEquals(Reporter.Delivery.STALE_SESSION, reporter.send(FAILED));

    verifySuccessSent(1);
    verifyFailureSent(1, FAILURE);
    assertEquals(2, refreshes.get());
  }

  @Test
  void aStaleCacheIsDroppedWithoutARefresh() throws Exception {
    doThrow(new CacheStaleException(SUCCESS_CALL + ": already reported"))
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());

    assertEquals(Reporter.Delivery.CACHE_STALE, reporter.send(SUCCESS));

    verifySuccessSent(1);
    assertEquals(0, refreshes.get());
  }

  @Test
  void aServerErrorIsDroppedWithoutARetry() throws Exception {
    doThrow(new ServerException(FAILURE_CALL + ": internal error"))
        .when(storage)
        .reportTaskFailure(any(), any(), any(), any(), any(), any());

    assertEquals(Reporter.Delivery.SERVER_ERROR, reporter.send(FAILED));

    verifyFailureSent(1, FAILURE);
  }

  @Test
  void refusedOutputsAreReportedAsADeterministicFailureInstead() throws Exception {
    InvalidInputException refused =
        new InvalidInputException(SUCCESS_CALL + ": outputs for a commit task");
    doThrow(refused).when(storage).reportTaskSuccess(any(), any(), any(), any(), any(), any());

    assertEquals(Reporter.Delivery.DELIVERED, reporter.send(SUCCESS));

    verifySuccessSent(1);
    verifyFailureSent(
        1, TaskFailure.deterministic("cannot report success: " + refused.getMessage()));
  }

  @Test
  void reportsAreSentOnNamedReportThreads() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch sent = new CountDownLatch(1);
    doAnswer(
            call -> {
              thread.set(Thread.currentThread().getName());
              sent.countDown();
              return null;
            })
        .when(storage)
        .reportTaskSuccess(any(), any(), any(), any(), any(), any());

    reporter.submit(SUCCESS);

    assertTrue(sent.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(thread.get().startsWith("spider-report-"), thread.get());
    assertTrue(reporter.drain(EVENT_WAIT));
  }

  @Test
  void drainInterruptsAReportStuckPastTheTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    doAnswer(
            call -> {
              entered.countDown();
              try {
                new CountDownLatch(1).await(); // storage never answers
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
              return null;
            })
        .when(storage)
        .reportTaskFailure(any(), any(), any(), any(), any(), any());
    reporter.submit(FAILED);
    assertTrue(entered.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));

    assertFalse(reporter.drain(Duration.ofMillis(50)));

    assertTrue(interrupted.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  // ---- Report.of ------------------------------------------------------------------------------

  @Test
  void aGraphTaskSuccessCarriesItsOutputs() {
    assertEquals(SUCCESS, Report.of(GRAPH, new Outcome.Success(ONE_OUTPUT, 5)));
  }

  @Test
  void commitAndCleanupSuccessesCarryNoOutputs() {
    for (TaskId taskId : new TaskId[] {TaskId.COMMIT, TaskId.CLEANUP}) {
      ReportTarget target = new ReportTarget(JOB, taskId, INSTANCE, BOOT_EM, BOOT_SESSION);
      assertEquals(
          new Report.Success(target, Optional.empty()),
          Report.of(target, new Outcome.Success(ONE_OUTPUT, 5)));
    }
  }

  @Test
  void malformedGraphOutputsBecomeADeterministicFailure() {
    Report report = Report.of(GRAPH, new Outcome.Success(hex("0100"), 5));

    TaskFailure failure = ((Report.Failure) report).failure();
    assertEquals(FailureClass.DETERMINISTIC, failure.failureClass());
    assertTrue(
        failure.message().startsWith("the executor returned malformed task outputs: "),
        failure.message());
  }

  @Test
  void failedOutcomesAreClassified() {
    Outcome outcome =
        new Outcome.InTaskFailure(ExecutorError.of(ErrorKind.PACKAGE_NOT_FOUND, "no package p"), 3);

    assertEquals(
        new Report.Failure(GRAPH, FailureClassifier.classify(outcome)), Report.of(GRAPH, outcome));
  }

  @Test
  void nothingIsSentForAReportNeverSubmitted() throws Exception {
    assertTrue(reporter.drain(EVENT_WAIT));

    verify(storage, never()).reportTaskSuccess(any(), any(), any(), any(), any(), any());
  }
}
