package dev.spider.cli.embedded;

import static dev.spider.cli.embedded.EmbeddedClusterTest.ref;
import static dev.spider.cli.embedded.FakeManager.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.embedded.FakeManager.Attempt;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.tdl.TaskId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded scheduler's long poll and acknowledgements, and the embedded liveness endpoint. */
final class EmbeddedSchedulerTest {

  private static final String PKG = "integration_test_tasks";

  private final EmbeddedCluster cluster = new EmbeddedCluster();
  private final SchedulerClient scheduler = cluster.schedulerClient();
  private final LivenessClient liveness = cluster.livenessClient();
  private final List<Background<Optional<TaskAssignment>>> pollers = new ArrayList<>();

  @AfterEach
  void stopPollers() throws InterruptedException {
    for (Background<Optional<TaskAssignment>> poller : pollers) {
      poller.stop();
    }
  }

  private ExecutionManagerId register() throws Exception {
    return liveness.register(InetAddress.getLoopbackAddress()).emId();
  }

  /** A long poll of five minutes, far beyond any test's deadline, on its own thread. */
  private Background<Optional<TaskAssignment>> pollInBackground(ExecutionManagerId em) {
    Background<Optional<TaskAssignment>> poller =
        Background.start(
            "test-poller-" + pollers.size(),
            () -> scheduler.nextTask(em, Optional.empty(), Duration.ofMinutes(5)));
    pollers.add(poller);
    return poller;
  }

  @Test
  void aParkedLongPollWakesWhenAJobIsSubmitted() throws Exception {
    ExecutionManagerId em = register();
    Background<Optional<TaskAssignment>> poll = pollInBackground(em);
    Waits.untilParked(poll.thread());
    assertFalse(poll.result().isDone());

    JobId job = cluster.submit(JobSpec.of("wake", List.of(TaskSpec.of("a", PKG, "one"))));
    TaskAssignment assignment = poll.await().orElseThrow();
    assertEquals(job, assignment.jobId());
    assertEquals(TaskId.index(0), assignment.taskId());
  }

  @Test
  void aParkedLongPollWakesWhenASuccessMakesADependentReady() throws Exception {
    cluster.submit(
        JobSpec.of(
            "chain",
            List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "use", ref("a", 0)))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    Background<Optional<TaskAssignment>> poll = pollInBackground(register());
    Waits.untilParked(poll.thread());

    manager.succeed(a, INT64.encode(1L));
    assertEquals(TaskId.index(1), poll.await().orElseThrow().taskId());
  }

  @Test
  void aLongPollWithNothingReadyReturnsEmptyWhenItsWaitPasses() throws Exception {
    ExecutionManagerId em = register();
    assertTrue(scheduler.nextTask(em, Optional.empty(), Duration.ZERO).isEmpty());
    long start = System.nanoTime();
    assertTrue(scheduler.nextTask(em, Optional.empty(), Duration.ofMillis(20)).isEmpty());
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos(), "it waited");
  }

  @Test
  void anInterruptedLongPollThrowsInterruptedException() throws Exception {
    ExecutionManagerId em = register();
    Background<Optional<TaskAssignment>> poll = pollInBackground(em);
    Waits.untilParked(poll.thread());

    poll.thread().interrupt();
    ExecutionException e = assertThrows(ExecutionException.class, poll::await);
    assertInstanceOf(InterruptedException.class, e.getCause());
  }

  @Test
  void badArgumentsAndUnregisteredManagersAreRefused() throws Exception {
    ExecutionManagerId em = register();
    assertThrows(
        IllegalArgumentException.class,
        () -> scheduler.nextTask(em, Optional.empty(), Duration.ofMillis(-1)));
    assertThrows(
        ServerException.class,
        () -> scheduler.nextTask(new ExecutionManagerId(99), Optional.empty(), Duration.ZERO));
    assertThrows(ServerException.class, () -> scheduler.heartbeat(new ExecutionManagerId(99)));
    scheduler.heartbeat(em);
  }

  @Test
  void anAssignmentAcknowledgedWithoutAnInstanceIsAssignedAgain() throws Exception {
    cluster.submit(JobSpec.of("drop", List.of(TaskSpec.of("a", PKG, "one"))));
    ExecutionManagerId em = register();
    TaskAssignment first = scheduler.nextTask(em, Optional.empty(), Duration.ZERO).orElseThrow();
    assertTrue(
        scheduler.nextTask(em, Optional.empty(), Duration.ZERO).isEmpty(),
        "assigned once, not twice");

    TaskAssignment again =
        scheduler.nextTask(em, Optional.of(first.consumed()), Duration.ZERO).orElseThrow();
    assertEquals(first.taskId(), again.taskId());
    assertNotEquals(first.id(), again.id());
  }

  @Test
  void acknowledgementsAreIdempotent() throws Exception {
    cluster.submit(
        JobSpec.of("ack", List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    ConsumedAssignment consumed = a.assignment().consumed();

    TaskAssignment b =
        scheduler.nextTask(manager.em, Optional.of(consumed), Duration.ZERO).orElseThrow();
    assertEquals(TaskId.index(1), b.taskId());
    assertTrue(scheduler.nextTask(manager.em, Optional.of(consumed), Duration.ZERO).isEmpty());
    assertTrue(
        scheduler
            .nextTask(
                manager.em,
                Optional.of(new ConsumedAssignment(consumed.id(), new SchedulerId(7))),
                Duration.ZERO)
            .isEmpty(),
        "another scheduler's acknowledgement changes nothing");
    assertEquals(
        TaskStatus.RUNNING,
        cluster.result(a.assignment().jobId()).task("a").orElseThrow().status());
  }

  @Test
  void shutdownPutsBackTheTasksAssignedButNotRegistered() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("bye", List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "one"))));
    FakeManager leaving = new FakeManager(cluster);
    Attempt registered = leaving.takeOne();
    TaskAssignment unregistered =
        scheduler.nextTask(leaving.em, Optional.empty(), Duration.ZERO).orElseThrow();

    scheduler.shutdown(leaving.em, List.of(registered.assignment().consumed()));

    TaskAssignment taken =
        scheduler.nextTask(register(), Optional.empty(), Duration.ZERO).orElseThrow();
    assertEquals(unregistered.taskId(), taken.taskId());
    assertEquals(TaskStatus.RUNNING, cluster.result(job).task("a").orElseThrow().status());
  }

  @Test
  void livenessHandsOutFreshIdsAndTheCurrentSession() throws Exception {
    Registration first = liveness.register(InetAddress.getLoopbackAddress());
    Registration second = liveness.register(InetAddress.getLoopbackAddress());
    assertNotEquals(first.emId(), second.emId());
    assertEquals(first.sessionId(), liveness.heartbeat(first.emId()));

    var next = cluster.startNewSession();
    assertEquals(next, liveness.heartbeat(second.emId()));
    assertEquals(next, liveness.register(InetAddress.getLoopbackAddress()).sessionId());
    IllegalIdException e =
        assertThrows(
            IllegalIdException.class, () -> liveness.heartbeat(new ExecutionManagerId(99)));
    assertEquals(new ExecutionManagerId(99), e.emId());
  }

  @Test
  void manyPollersEachGetADifferentTask() throws Exception {
    int n = 4;
    List<Background<Optional<TaskAssignment>>> polls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      polls.add(pollInBackground(register()));
    }
    for (Background<Optional<TaskAssignment>> poll : polls) {
      Waits.untilParked(poll.thread());
    }
    cluster.submit(
        JobSpec.of(
            "fan",
            List.of(
                TaskSpec.of("a", PKG, "one"),
                TaskSpec.of("b", PKG, "one"),
                TaskSpec.of("c", PKG, "one"),
                TaskSpec.of("d", PKG, "one"))));

    Set<TaskId> tasks = new HashSet<>();
    for (Background<Optional<TaskAssignment>> poll : polls) {
      tasks.add(poll.await().orElseThrow().taskId());
    }
    assertEquals(n, tasks.size(), "no task handed out twice: " + tasks);
  }
}
