package dev.spider.cli.head;

import static dev.spider.cli.head.HeadFixture.int64;
import static dev.spider.cli.head.HeadFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.ExecutionManagerRegistration;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code storage.ExecutionManagerLivenessService} and {@code SessionManagementService}, and the
 * liveness cut-off: a silent manager is declared dead, its instances are reaped and its tasks, with
 * the assignments it never acknowledged, go to another manager without charging a retry.
 */
final class LivenessServiceTest {

  /** Short, so a test sees a manager declared dead within a second. */
  private static final Duration CUTOFF = Duration.ofMillis(300);

  /** A start time: 2023-11-14T22:13:20Z. */
  private static final long STARTED = 1_700_000_000_000L;

  @Test
  void registrationTakesAnIpLiteralAndAnswersTheSession() throws Exception {
    try (HeadFixture head = HeadFixture.startedAt(STARTED)) {
      ExecutionManagerRegistration first = register(head, "0.0.0.0");
      assertEquals(STARTED * 1000 + 1, first.getExecutionManagerId());
      assertEquals(STARTED, first.getSessionId());
      assertEquals(STARTED * 1000 + 2, register(head, "::1").getExecutionManagerId());
      assertEquals(STARTED, head.sessions().getSession(Void.getDefaultInstance()).getSessionId());
      assertEquals(STARTED, head.heartbeat(STARTED * 1000 + 1));

      for (String bad : List.of("fe80::1%eth0", "localhost", "", "1.2.3")) {
        refused(Status.Code.INVALID_ARGUMENT, "invalid IP address", () -> register(head, bad));
      }
      refused(
          Status.Code.INVALID_ARGUMENT, "illegal execution manager id 9", () -> head.heartbeat(9));
    }
  }

  @Test
  void eachStartIsANewSessionWithNewManagerIds() throws Exception {
    long now = System.currentTimeMillis();
    try (HeadFixture head = HeadFixture.start()) {
      long session = head.session();
      assertTrue(session >= now && session <= System.currentTimeMillis(), "the start time");
      assertTrue(head.registerManager() > session * 1000, "above the start time × 1000");
    }
  }

  @Test
  void aWorkerThatOutlivesARestartIsToldItsSessionIsStaleAndItsIdUnknown() throws Exception {
    long oldEm;
    SchedulerAssignment oldAssignment;
    try (HeadFixture before = HeadFixture.startedAt(STARTED)) {
      before.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
      oldEm = before.registerManager();
      oldAssignment = before.nextNow(oldEm);
    }
    try (HeadFixture after = HeadFixture.startedAt(STARTED + 1)) {
      after.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
      long newEm = after.registerManager();
      assertTrue(newEm != oldEm, "a new manager does not get the old one's id");
      assertEquals(STARTED + 1, after.session());

      refused(
          Status.Code.INVALID_ARGUMENT,
          "illegal execution manager id " + oldEm,
          () -> after.heartbeat(oldEm));
      refused(
          Status.Code.NOT_FOUND,
          "stale session; current storage session is " + (STARTED + 1),
          () -> after.registerInstance(oldEm, oldAssignment));
      assertTrue(after.next(oldEm, Optional.empty(), 0).isEmpty(), "no task for the old id");

      long again = after.registerManager(); // what the worker does on INVALID_ARGUMENT
      SchedulerAssignment a = after.nextNow(again);
      assertEquals(STARTED + 1, a.getSessionId());
      after.registerInstance(again, a);
    }
  }

  private static ExecutionManagerRegistration register(HeadFixture head, String ip) {
    return head.liveness()
        .registerExecutionManager(
            RegisterExecutionManagerRequest.newBuilder().setIpAddress(ip).build())
        .getRegistration();
  }

  @Test
  void aSilentManagersInstancesAreReapedAndItsTaskRunsElsewhereWithoutARetryCharged()
      throws Exception {
    try (HeadFixture head = HeadFixture.start(CUTOFF)) {
      long job = head.submit(Graphs.single("one", 0, 1), List.of(int64(1))); // no retries
      long silent = head.registerManager();
      SchedulerAssignment lost = head.nextNow(silent);
      ExecutionContext lostContext = head.registerInstance(silent, lost);

      long live = head.registerManager();
      SchedulerAssignment again = pollUntilAssigned(head, live);
      assertEquals(lost.getTaskId(), again.getTaskId());
      ExecutionContext context = head.registerInstance(live, again);
      head.succeed(live, again, context, int64(2));

      refused(Status.Code.FAILED_PRECONDITION, "already dead", () -> head.heartbeat(silent));
      refused(
          Status.Code.FAILED_PRECONDITION,
          "cache stale:",
          () -> head.succeed(silent, lost, lostContext, int64(3)));
      assertTrue(head.next(silent, Optional.empty(), 0).isEmpty(), "the dead get no tasks");

      SchedulerAssignment commit = pollUntilAssigned(head, live);
      head.succeed(live, commit, head.registerInstance(live, commit));
      assertEquals(JobState.SUCCEEDED, head.state(job));
      assertEquals(
          2,
          head.head
              .cluster()
              .result(new dev.spider.manager.client.JobId(job))
              .task("0")
              .orElseThrow()
              .attempts(),
          "two instances, neither a failure");
    }
  }

  @Test
  void aSilentManagersUnacknowledgedAssignmentsGoBackToTheQueue() throws Exception {
    try (HeadFixture head = HeadFixture.start(CUTOFF)) {
      head.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
      long silent = head.registerManager();
      SchedulerAssignment taken = head.nextNow(silent); // never registered, never acknowledged

      long live = head.registerManager();
      SchedulerAssignment again = pollUntilAssigned(head, live);
      assertEquals(taken.getTaskId(), again.getTaskId());
      refused(
          Status.Code.FAILED_PRECONDITION,
          "cache stale:",
          () -> head.registerInstance(silent, taken));
    }
  }

  /**
   * Polls as a live manager does, in short polls with a heartbeat between them, until it gets a
   * task; fails after the fixture's deadline.
   */
  private static SchedulerAssignment pollUntilAssigned(HeadFixture head, long em) {
    long deadline = System.nanoTime() + HeadFixture.DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      head.heartbeat(em);
      Optional<SchedulerAssignment> a = head.next(em, Optional.empty(), CUTOFF.toMillis() / 3);
      if (a.isPresent()) {
        return a.get();
      }
    }
    throw new AssertionError("no task for execution manager " + em + " within the deadline");
  }
}
