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

  @Test
  void registrationTakesAnIpLiteralAndAnswersTheSession() throws Exception {
    try (HeadFixture head = HeadFixture.start()) {
      ExecutionManagerRegistration first = register(head, "0.0.0.0");
      assertEquals(1, first.getExecutionManagerId());
      assertEquals(1, first.getSessionId());
      assertEquals(2, register(head, "::1").getExecutionManagerId());
      assertEquals(1, head.sessions().getSession(Void.getDefaultInstance()).getSessionId());
      assertEquals(1, head.heartbeat(1));

      for (String bad : List.of("fe80::1%eth0", "localhost", "", "1.2.3")) {
        refused(Status.Code.INVALID_ARGUMENT, "invalid IP address", () -> register(head, bad));
      }
      refused(
          Status.Code.INVALID_ARGUMENT, "illegal execution manager id 9", () -> head.heartbeat(9));
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
