package dev.spider.cli.embedded;

import static dev.spider.cli.embedded.EmbeddedClusterTest.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TerminationTask;
import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.tdl.TaskId;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job, task and instance records refuse every move their state flows do not allow, naming the
 * record by its ids; the store never asks for one, so these drive the records directly.
 */
final class StateFlowTest {

  private static final String PKG = "integration_test_tasks";
  private static final ExecutionManagerId EM = new ExecutionManagerId(1);

  // The ready queue signals a condition, which needs its lock held, as the store holds it.
  private final ReentrantLock lock = new ReentrantLock();
  private final ReadyQueue readyQueue = new ReadyQueue(lock.newCondition());

  @BeforeEach
  void lock() {
    lock.lock();
  }

  @AfterEach
  void unlock() {
    lock.unlock();
  }

  private JobRecord start(JobSpec spec) {
    JobRecord job = new JobRecord(new JobId(7), Assignments.RESOURCE_GROUP, spec, readyQueue, 0);
    job.start();
    return job;
  }

  private static TaskRecord task(JobRecord job, TaskId taskId) {
    return job.task(taskId).orElseThrow();
  }

  /** Assigns and registers a ready task, as the scheduler and storage would. */
  private static Instance run(JobRecord job, TaskRecord task, long instanceId) {
    task.assign(new AssignmentId(instanceId));
    Instance instance = new Instance(task, EM, 0);
    job.register(new TaskInstanceId(instanceId), instance, 0);
    return instance;
  }

  @Test
  void aTaskWaitingForItsInputsCannotBeAssigned() {
    JobRecord job =
        start(
            JobSpec.of(
                "chain",
                List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "use", ref("a", 0)))));
    TaskRecord b = task(job, TaskId.index(1));

    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> b.assign(new AssignmentId(1)));
    assertEquals("job 7 task 'b' (Index(1))", e.subject());
    assertEquals("WAITING", e.from());
    assertEquals("RUNNING", e.to());
    assertEquals(TaskStatus.WAITING, b.status(), "a refused move changes nothing");
  }

  @Test
  void anEndedTaskNeverMovesAgainAndStoppingItChangesNothing() {
    JobRecord job = start(JobSpec.of("one", List.of(TaskSpec.of("a", PKG, "one"))));
    TaskRecord a = task(job, TaskId.index(0));
    run(job, a, 1);
    a.succeed(List.of(new byte[] {1}), 5);
    job.taskSucceeded(a, 5);
    assertEquals(JobState.SUCCEEDED, job.state());

    assertThrows(IllegalTransitionException.class, a::ready);
    assertThrows(IllegalTransitionException.class, a::skip);
    assertThrows(IllegalTransitionException.class, a::fail);
    a.stop(9);
    assertEquals(TaskStatus.SUCCEEDED, a.status());
    assertFalse(job.cancel("cancelled", 9), "an ended job cannot be cancelled");
  }

  @Test
  void anInstanceEndsOnceAndSaysWhyItIsRefused() {
    JobRecord job = start(JobSpec.of("one", List.of(TaskSpec.of("a", PKG, "one"))));
    TaskRecord a = task(job, TaskId.index(0));
    Instance first = run(job, a, 1);
    Instance second = new Instance(a, EM, 1);
    job.register(new TaskInstanceId(2), second, 1);

    assertEquals(Instance.State.VOID, first.state());
    assertEquals("is void: superseded by instance 2", first.refusal().orElseThrow());
    IllegalTransitionException e = assertThrows(IllegalTransitionException.class, first::succeeded);
    assertEquals("VOID", e.from());
    assertTrue(e.subject().contains("job 7 task 'a'"), e.subject());
    assertTrue(second.refusal().isEmpty(), "the superseding instance may still report");
  }

  @Test
  void aJobCleaningUpCannotSucceed() {
    JobRecord job =
        start(
            JobSpec.of("cancelled", List.of(TaskSpec.of("a", PKG, "one")))
                .withCommit(TerminationTask.of(PKG, "commit_sum"))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    assertTrue(job.cancel("cancelled", 3));
    assertEquals(JobState.CLEANING_UP, job.state());
    TaskRecord commit = task(job, TaskId.COMMIT);
    assertEquals(TaskStatus.SKIPPED, commit.status());

    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> job.taskSucceeded(commit, 4));
    assertEquals("job 7", e.subject());
    assertEquals("CLEANING_UP", e.from());
    assertEquals("SUCCEEDED", e.to());
  }
}
