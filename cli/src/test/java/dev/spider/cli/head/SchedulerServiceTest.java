package dev.spider.cli.head;

import static dev.spider.cli.head.HeadFixture.ack;
import static dev.spider.cli.head.HeadFixture.int64;
import static dev.spider.cli.head.HeadFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cluster.proto.scheduler.HeartbeatRequest;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code scheduler.SchedulerService} over a real loopback channel: assignments and their fields,
 * acknowledgements, the long poll, heartbeats, shutdown, polls of a manager the head never
 * registered, and a poll ended by the head closing.
 */
final class SchedulerServiceTest {

  private HeadFixture head;
  private long em;

  @BeforeEach
  void start() throws Exception {
    head = HeadFixture.start();
    em = head.registerManager();
  }

  @AfterEach
  void stop() throws Exception {
    head.close();
  }

  @Test
  void anAssignmentNamesTheJobsResourceGroupTheSchedulerAndTheSession() {
    long group = head.addGroup("g");
    long job =
        head.jobs()
            .registerJob(
                HeadFixture.registerJob(group, Graphs.single("one", 0, 1), List.of(int64(1))))
            .getJobId();
    head.jobs().startJob(HeadFixture.jobRequest(job));

    SchedulerAssignment a = head.nextNow(em);
    assertEquals(1, a.getId());
    assertEquals(group, a.getResourceGroupId());
    assertEquals(job, a.getJobId());
    assertEquals(
        dev.spider.cluster.proto.common.TaskId.KindCase.INDEX,
        a.getTaskId().getKindCase(),
        "index 0 is on the wire");
    assertEquals(0, a.getTaskId().getIndex());
    assertEquals(1, a.getSchedulerId());
    assertEquals(head.session(), a.getSessionId());
    head.registerInstance(em, a);
    assertTrue(head.next(em, Optional.of(ack(a)), 0).isEmpty(), "one task, handed out once");
  }

  @Test
  void anUnknownManagersPollGetsNoTaskAfterTheWaitAndItsAcknowledgementChangesNothing() {
    head.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
    long waitMs = 200;
    long start = System.nanoTime();
    assertTrue(head.next(99, Optional.empty(), waitMs).isEmpty(), "a ready task is not handed out");
    assertTrue(
        System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(waitMs),
        "answered before the requested wait");
    SchedulerAssignment a = head.nextNow(em);
    assertTrue(head.next(99, Optional.of(ack(a)), 0).isEmpty());
    head.registerInstance(em, a); // the unknown manager's acknowledgement did not put it back
    assertTrue(head.next(em, Optional.of(ack(a)), 0).isEmpty(), "one task, handed out once");
  }

  @Test
  void closingTheHeadEndsAnUnknownManagersWaitingPoll() throws Exception {
    CompletableFuture<Optional<SchedulerAssignment>> poll =
        CompletableFuture.supplyAsync(() -> head.next(99, Optional.empty(), 60_000));
    awaitPoll("sleep");
    long start = System.nanoTime();
    head.head.close();
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> poll.get(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    io.grpc.StatusRuntimeException status = (io.grpc.StatusRuntimeException) e.getCause();
    assertEquals(Status.Code.INTERNAL, status.getStatus().getCode());
    assertEquals("scheduler is shutting down", status.getStatus().getDescription());
    assertTrue(
        System.nanoTime() - start < Head.STOP_TIMEOUT.toNanos(),
        "closing did not wait the poll out");
  }

  @Test
  void anUnknownManagerIsNotFoundOnlyAtShutdown() {
    refused(
        Status.Code.NOT_FOUND,
        "execution manager not found",
        () ->
            head.scheduler()
                .shutdown(ShutdownRequest.newBuilder().setExecutionManagerId(99).build()));
    head.scheduler().heartbeat(HeartbeatRequest.newBuilder().setExecutionManagerId(99).build());
    head.scheduler().heartbeat(HeartbeatRequest.newBuilder().setExecutionManagerId(em).build());
  }

  @Test
  void anAcknowledgedButUnregisteredAssignmentGoesBackToTheQueue() {
    head.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
    SchedulerAssignment dropped = head.nextNow(em);
    SchedulerAssignment again =
        head.next(em, Optional.of(ack(dropped)), 0)
            .orElseThrow(() -> new AssertionError("requeued"));
    assertEquals(dropped.getTaskId(), again.getTaskId());
    assertTrue(again.getId() > dropped.getId());

    // A repeated acknowledgement, and one from another scheduler, change nothing.
    head.registerInstance(em, again);
    assertTrue(head.next(em, Optional.of(ack(dropped)), 0).isEmpty());
    assertTrue(head.next(em, Optional.of(ack(again).toBuilder().setFrom(7).build()), 0).isEmpty());
  }

  @Test
  void shutdownPutsBackWhatTheManagerNeverRegistered() {
    head.submit(Graphs.diamond(), List.of(int64(1), int64(2)));
    SchedulerAssignment registered = head.nextNow(em);
    head.registerInstance(em, registered);
    SchedulerAssignment pending = head.nextNow(em);
    head.scheduler()
        .shutdown(
            ShutdownRequest.newBuilder()
                .setExecutionManagerId(em)
                .addPrevAssignments(ack(registered))
                .build());

    long other = head.registerManager();
    SchedulerAssignment requeued = head.nextNow(other);
    assertEquals(pending.getTaskId(), requeued.getTaskId());
    assertTrue(head.next(other, Optional.empty(), 0).isEmpty(), "the registered task stays");
  }

  @Test
  void aWaitingPollWakesWhenAJobStarts() throws Exception {
    long job = head.register(Graphs.single("one", 0, 1), List.of(int64(1)));
    CompletableFuture<Optional<SchedulerAssignment>> poll =
        CompletableFuture.supplyAsync(() -> head.next(em, Optional.empty(), 8_000));
    assertFalse(poll.isDone());
    head.jobs().startJob(HeadFixture.jobRequest(job));
    Optional<SchedulerAssignment> a =
        poll.get(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(job, a.orElseThrow().getJobId());
  }

  @Test
  void closingTheHeadEndsAWaitingPoll() throws Exception {
    CompletableFuture<Optional<SchedulerAssignment>> poll =
        CompletableFuture.supplyAsync(() -> head.next(em, Optional.empty(), 60_000));
    // The poll must be waiting in the head before it closes; the cluster shows no sign of it, so
    // look at the head's scheduler threads instead.
    awaitPoll("await");
    long start = System.nanoTime();
    head.head.close();
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> poll.get(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    io.grpc.StatusRuntimeException status = (io.grpc.StatusRuntimeException) e.getCause();
    assertEquals(Status.Code.INTERNAL, status.getStatus().getCode());
    assertEquals("scheduler is shutting down", status.getStatus().getDescription());
    assertTrue(
        System.nanoTime() - start < Head.STOP_TIMEOUT.toNanos(),
        "closing did not wait the poll out");
  }

  /**
   * Until a thread of the head's scheduler pool waits in a poll: in the ready queue ({@code
   * "await"}), or in the sleep of an unknown manager's poll ({@code "sleep"}).
   */
  private static void awaitPoll(String waitMethod) throws InterruptedException {
    long deadline = System.nanoTime() + HeadFixture.DEADLINE.toNanos();
    long pause = 1;
    while (!pollWaiting(waitMethod)) {
      assertTrue(System.nanoTime() < deadline, "no poll waiting in the head");
      Thread.sleep(pause); // a thread's state has no notification to wait on
      pause = Math.min(pause * 2, 64);
    }
  }

  private static boolean pollWaiting(String waitMethod) {
    String waitClass = waitMethod.equals("sleep") ? "java.lang.Thread" : ".ReadyQueue";
    for (var entry : Thread.getAllStackTraces().entrySet()) {
      if (entry.getKey().getName().startsWith("spider-head-scheduler-")
          && entry.getKey().getState() == Thread.State.TIMED_WAITING) {
        for (StackTraceElement frame : entry.getValue()) {
          if (frame.getClassName().endsWith(waitClass)
              && frame.getMethodName().equals(waitMethod)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
