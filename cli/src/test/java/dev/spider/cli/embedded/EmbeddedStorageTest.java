package dev.spider.cli.embedded;

import static dev.spider.cli.embedded.EmbeddedClusterTest.ref;
import static dev.spider.cli.embedded.FakeManager.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.embedded.FakeManager.Attempt;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@link StorageClient} contract as the embedded storage honours it. */
final class EmbeddedStorageTest {

  private static final String PKG = "integration_test_tasks";

  private final EmbeddedCluster cluster = new EmbeddedCluster();
  private final StorageClient storage = cluster.storageClient();

  private static Optional<TaskOutputs> outputs(long... values) throws Exception {
    byte[][] payloads = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      payloads[i] = INT64.encode(values[i]);
    }
    return Optional.of(new TaskOutputs(WireFormat.encode(List.of(payloads))));
  }

  private void reportSuccess(FakeManager manager, Attempt attempt, Optional<TaskOutputs> outputs)
      throws Exception {
    TaskAssignment a = attempt.assignment();
    storage.reportTaskSuccess(
        a.jobId(),
        a.taskId(),
        attempt.context().taskInstanceId(),
        manager.em,
        a.sessionId(),
        outputs);
  }

  @Test
  void aSecondReportOfTheSameInstanceIsCacheStale() throws Exception {
    cluster.submit(JobSpec.of("twice", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    reportSuccess(manager, a, outputs(1));

    CacheStaleException again =
        assertThrows(CacheStaleException.class, () -> reportSuccess(manager, a, outputs(1)));
    assertTrue(again.getMessage().contains("already reported"), again.getMessage());
    assertTrue(
        again.getMessage().startsWith("reportTaskSuccess(job 1, task Index(0), instance 1"),
        again.getMessage());
    assertThrows(
        CacheStaleException.class,
        () -> manager.fail(a, TaskFailure.environmental("late")),
        "a failure after the success is stale too");
  }

  @Test
  void outputsForTheCommitOrCleanupTaskAreInvalidInput() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("termination", List.of(TaskSpec.of("a", PKG, "always_fail")))
                .withCommit(TerminationTask.of(PKG, "context_ids"))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    FakeManager manager = new FakeManager(cluster);
    manager.fail(manager.takeOne(), TaskFailure.deterministic("boom"));
    Attempt cleanup = manager.takeOne();
    assertEquals(TaskId.CLEANUP, cleanup.context().taskId());

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> reportSuccess(manager, cleanup, outputs(1)));
    assertTrue(e.getMessage().contains("cleanup task reports no outputs"), e.getMessage());
    reportSuccess(manager, cleanup, Optional.empty());
    assertEquals(JobState.FAILED, cluster.progress(job).state());

    EmbeddedCluster other = new EmbeddedCluster();
    other.submit(
        JobSpec.of("commit", List.of(TaskSpec.of("a", PKG, "one")))
            .withCommit(TerminationTask.of(PKG, "context_ids")));
    FakeManager otherManager = new FakeManager(other);
    otherManager.succeed(otherManager.takeOne(), INT64.encode(1L));
    Attempt commit = otherManager.takeOne();
    TaskAssignment a = commit.assignment();
    assertThrows(
        InvalidInputException.class,
        () ->
            other
                .storageClient()
                .reportTaskSuccess(
                    a.jobId(),
                    TaskId.COMMIT,
                    commit.context().taskInstanceId(),
                    otherManager.em,
                    a.sessionId(),
                    outputs(1)));
  }

  @Test
  void aGraphTaskWithoutOutputsIsInvalidInputAndMayStillReportItsFailure() throws Exception {
    JobId job = cluster.submit(JobSpec.of("no outputs", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();

    assertThrows(InvalidInputException.class, () -> reportSuccess(manager, a, Optional.empty()));
    manager.fail(a, TaskFailure.deterministic("storage refused the outputs"));
    assertEquals(JobState.FAILED, cluster.progress(job).state());
  }

  @Test
  void outputsNotMatchingTheDeclaredTypesAreInvalidInput() throws Exception {
    cluster.submit(
        JobSpec.of(
            "typed",
            List.of(TaskSpec.of("a", PKG, "fibonacci").withOutputTypes(TdlType.parse("string")))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();

    InvalidInputException count =
        assertThrows(InvalidInputException.class, () -> reportSuccess(manager, a, outputs(1, 2)));
    assertTrue(
        count
            .getMessage()
            .startsWith(
                "task 'a' returned 2 outputs, but the job file declares 1 output(s) [string]"),
        count.getMessage());
    InvalidInputException type =
        assertThrows(InvalidInputException.class, () -> reportSuccess(manager, a, outputs(1)));
    assertTrue(
        type.getMessage().contains("output 0 of task 'a' is not the declared string"),
        type.getMessage());
  }

  @Test
  void fewerOutputsThanAReferenceTakesAreInvalidInput() throws Exception {
    cluster.submit(
        JobSpec.of(
            "short",
            List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "use", ref("a", 1)))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> reportSuccess(manager, a, outputs(1)));
    assertTrue(
        e.getMessage().contains("returned 1 output(s), but input 0 of task 'b' takes output 1"),
        e.getMessage());
    reportSuccess(manager, a, outputs(1, 2));
  }

  @Test
  void reportsFromAnOldSessionAreStaleAndTheTaskRunsAgainInTheNewOne() throws Exception {
    JobId job = cluster.submit(JobSpec.of("failover", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt old = manager.takeOne();
    SessionId oldSession = old.assignment().sessionId();

    SessionId newSession = cluster.startNewSession();
    assertTrue(oldSession.isBefore(newSession));
    assertEquals(newSession, cluster.livenessClient().heartbeat(manager.em));
    StaleSessionException e =
        assertThrows(StaleSessionException.class, () -> reportSuccess(manager, old, outputs(1)));
    assertEquals(oldSession, e.requestSession());
    assertEquals(Optional.of(newSession), e.storageSession());
    assertThrows(
        StaleSessionException.class,
        () -> storage.registerTaskInstance(job, TaskId.index(0), manager.em, oldSession));

    Attempt again = manager.takeOne();
    assertEquals(newSession, again.assignment().sessionId());
    assertNotEquals(old.context().taskInstanceId(), again.context().taskInstanceId());
    reportSuccess(manager, again, outputs(1));
    assertEquals(JobState.SUCCEEDED, cluster.progress(job).state());
    assertEquals(2, cluster.result(job).task("a").orElseThrow().attempts());
  }

  @Test
  void aSessionStorageNeverIssuedIsAServerError() throws Exception {
    JobId job = cluster.submit(JobSpec.of("future", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    assertThrows(
        ServerException.class,
        () -> storage.registerTaskInstance(job, TaskId.index(0), manager.em, new SessionId(99)));
  }

  @Test
  void unknownManagersJobsTasksAndInstancesAreServerErrors() throws Exception {
    JobId job = cluster.submit(JobSpec.of("ids", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    FakeManager other = new FakeManager(cluster);
    SessionId session = cluster.livenessClient().heartbeat(manager.em);

    assertThrows(
        ServerException.class,
        () ->
            storage.registerTaskInstance(
                job, TaskId.index(0), new ExecutionManagerId(77), session));
    assertThrows(
        ServerException.class,
        () -> storage.registerTaskInstance(new JobId(77), TaskId.index(0), manager.em, session));
    assertThrows(
        ServerException.class,
        () -> storage.registerTaskInstance(job, TaskId.index(1), manager.em, session));
    assertThrows(
        ServerException.class,
        () -> storage.registerTaskInstance(job, TaskId.COMMIT, manager.em, session),
        "the job has no commit task");

    Attempt a = manager.takeOne();
    assertThrows(
        ServerException.class,
        () ->
            storage.reportTaskFailure(
                job,
                TaskId.index(0),
                new TaskInstanceId(77),
                manager.em,
                session,
                TaskFailure.deterministic("x")));
    assertThrows(
        ServerException.class,
        () ->
            storage.reportTaskFailure(
                job,
                TaskId.index(0),
                a.context().taskInstanceId(),
                other.em,
                session,
                TaskFailure.deterministic("x")),
        "another manager's instance");
  }

  @Test
  void registeringATaskThatIsNotRunnableIsCacheStale() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "not runnable",
                List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "use", ref("a", 0)))));
    FakeManager manager = new FakeManager(cluster);
    SessionId session = cluster.livenessClient().heartbeat(manager.em);

    CacheStaleException waiting =
        assertThrows(
            CacheStaleException.class,
            () -> storage.registerTaskInstance(job, TaskId.index(1), manager.em, session));
    assertTrue(waiting.getMessage().contains("WAITING"), waiting.getMessage());

    cluster.cancel(job);
    CacheStaleException ended =
        assertThrows(
            CacheStaleException.class,
            () -> storage.registerTaskInstance(job, TaskId.index(0), manager.em, session));
    assertTrue(ended.getMessage().contains("already ended CANCELLED"), ended.getMessage());
  }

  @Test
  void aSecondRegistrationSupersedesTheFirstInstance() throws Exception {
    JobId job = cluster.submit(JobSpec.of("retry register", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt first = manager.takeOne();
    TaskAssignment a = first.assignment();

    var second = storage.registerTaskInstance(a.jobId(), a.taskId(), manager.em, a.sessionId());
    CacheStaleException e =
        assertThrows(CacheStaleException.class, () -> reportSuccess(manager, first, outputs(1)));
    assertTrue(
        e.getMessage().contains("superseded by instance " + second.taskInstanceId()),
        e.getMessage());
    reportSuccess(manager, new Attempt(a, second), outputs(1));
    assertEquals(JobState.SUCCEEDED, cluster.progress(job).state());
    assertEquals(2, cluster.result(job).task("a").orElseThrow().attempts());
  }

  @Test
  void aFailureReportOfACancelledTaskIsCacheStale() throws Exception {
    JobId job = cluster.submit(JobSpec.of("late", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    cluster.cancel(job);

    CacheStaleException e =
        assertThrows(
            CacheStaleException.class, () -> manager.fail(a, TaskFailure.environmental("x")));
    assertTrue(e.getMessage().contains("job 1 ended"), e.getMessage());
  }
}
