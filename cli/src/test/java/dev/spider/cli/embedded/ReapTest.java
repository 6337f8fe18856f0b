package dev.spider.cli.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.embedded.FakeManager.Attempt;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.TaskAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Declaring silent execution managers dead: what happens to their instances, assignments and calls.
 * A cut-off of one nanosecond declares every manager dead at once, an hour none, so no test waits.
 */
final class ReapTest {

  private static final String PKG = "integration_test_tasks";
  private static final Duration NOW = Duration.ofNanos(1);
  private static final Duration HOUR = Duration.ofHours(1);

  private final EmbeddedCluster cluster = new EmbeddedCluster();

  @Test
  void aManagerHeardFromWithinTheCutoffStaysAlive() throws Exception {
    FakeManager manager = new FakeManager(cluster);
    assertEquals(List.of(), cluster.reapSilentManagers(HOUR));
    assertEquals(ManagerStatus.ALIVE, cluster.managerStatus(manager.em));
    assertEquals(ManagerStatus.UNKNOWN, cluster.managerStatus(new ExecutionManagerId(9)));
    assertThrows(IllegalArgumentException.class, () -> cluster.reapSilentManagers(Duration.ZERO));
  }

  @Test
  void aDeadManagersInstancesAreVoidAndItsTasksReadyWithoutARetryCharged() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("two", List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "one"))));
    FakeManager dead = new FakeManager(cluster);
    Attempt registered = dead.takeOne();
    Optional<TaskAssignment> assigned =
        cluster.schedulerClient().nextTask(dead.em, Optional.empty(), Duration.ZERO);
    assertTrue(assigned.isPresent(), "b is assigned, not registered");

    assertEquals(List.of(dead.em), cluster.reapSilentManagers(NOW));
    assertEquals(ManagerStatus.DEAD, cluster.managerStatus(dead.em));
    assertEquals(List.of(), cluster.reapSilentManagers(NOW), "dead once");
    assertEquals(ManagerStatus.DEAD, cluster.heardFrom(dead.em), "not revived by a call");

    CacheStaleException stale =
        assertThrows(CacheStaleException.class, () -> dead.succeed(registered));
    assertTrue(stale.getMessage().contains("was declared dead"), stale.getMessage());
    assertThrows(MarkedDeadException.class, () -> cluster.livenessClient().heartbeat(dead.em));
    assertTrue(
        cluster.schedulerClient().nextTask(dead.em, Optional.empty(), Duration.ZERO).isEmpty(),
        "the dead get no tasks");
    TaskAssignment b = assigned.get();
    assertThrows(
        CacheStaleException.class,
        () ->
            cluster
                .storageClient()
                .registerTaskInstance(b.jobId(), b.taskId(), dead.em, b.sessionId()));

    FakeManager live = new FakeManager(cluster);
    live.runAll();
    assertEquals(JobState.SUCCEEDED, cluster.state(job));
    assertEquals(2, cluster.result(job).task("a").orElseThrow().attempts());
    assertEquals(TaskStatus.SUCCEEDED, cluster.result(job).task("b").orElseThrow().status());
    assertTrue(cluster.result(job).task("a").orElseThrow().lastFailure().isEmpty(), "no failure");
  }
}
