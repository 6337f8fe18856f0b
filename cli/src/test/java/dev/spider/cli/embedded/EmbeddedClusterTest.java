package dev.spider.cli.embedded;

import static dev.spider.cli.embedded.FakeManager.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.spider.cli.embedded.FakeManager.Attempt;
import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.job.TerminationTask;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.cli.types.InvalidLiteralException;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.TaskFailure;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Job semantics of the embedded cluster, driven through its clients by a scripted manager. */
final class EmbeddedClusterTest {

  private static final String PKG = "integration_test_tasks";
  private static final TaskFailure CRASH =
      TaskFailure.environmental("executor crash: exit status 3");
  private static final TaskFailure TASK_ERROR =
      TaskFailure.deterministic("in-task failure: TaskError: ExecutionError: always_fail");

  private final EmbeddedCluster cluster = new EmbeddedCluster();

  static Literal int64(long value) throws InvalidLiteralException {
    return Literal.of(TdlType.Scalar.INT64, JsonNodeFactory.instance.numberNode(value));
  }

  static OutputRef ref(String task, int output) {
    return new OutputRef(task, output);
  }

  private static byte[] i64(long value) throws Exception {
    return INT64.encode(value);
  }

  private static TaskSummary summary(JobResult result, String name) {
    return result.task(name).orElseThrow(() -> new AssertionError("no task " + name));
  }

  @Test
  void aTaskIsReadyOnlyOnceEveryTaskItTakesInputsFromHasSucceeded() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "join",
                List.of(
                    TaskSpec.of("a", PKG, "fibonacci", int64(10)),
                    TaskSpec.of("b", PKG, "fibonacci", int64(11)),
                    TaskSpec.of("c", PKG, "add", ref("a", 0), ref("b", 0)))));
    FakeManager manager = new FakeManager(cluster);

    Attempt a = manager.takeOne();
    Attempt b = manager.takeOne();
    assertEquals(
        List.of(TaskId.index(0), TaskId.index(1)),
        List.of(a.context().taskId(), b.context().taskId()));
    assertTrue(manager.take().isEmpty(), "c waits for a and b");

    manager.succeed(a, i64(55));
    assertTrue(manager.take().isEmpty(), "c still waits for b");
    assertEquals(TaskStatus.WAITING, summary(cluster.result(job), "c").status());

    manager.succeed(b, i64(89));
    Attempt c = manager.takeOne();
    assertEquals(TaskId.index(2), c.context().taskId());
    List<byte[]> inputs = WireFormat.decode(c.context().serializedInputs());
    assertArrayEquals(i64(55), inputs.get(0));
    assertArrayEquals(i64(89), inputs.get(1));
  }

  @Test
  void referencesResolveToTheNamedOutputAndLiteralsKeepTheirEncoding() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "refs",
                List.of(
                    TaskSpec.of("pair", PKG, "min_max"),
                    TaskSpec.of("use", PKG, "three", ref("pair", 1), int64(200), ref("pair", 0)))));
    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne(), i64(-7), i64(7));

    Attempt use = manager.takeOne();
    List<byte[]> inputs = WireFormat.decode(use.context().serializedInputs());
    assertEquals(3, inputs.size());
    assertArrayEquals(i64(7), inputs.get(0), "output 1 of pair");
    assertArrayEquals(HexFormat.of().parseHex("ccc8"), inputs.get(1), "200 as rmp_serde writes it");
    assertArrayEquals(i64(-7), inputs.get(2), "output 0 of pair");
    assertEquals(job, use.context().jobId());
  }

  @Test
  void theBundledFanOutJobComputesItsTotalAndCommits() throws Exception {
    JobId job = cluster.submit(JobFiles.bundled("fanout.json"));
    List<Attempt> run = new FakeManager(cluster).runAll();

    JobResult result = cluster.awaitCompletion(job, Duration.ZERO);
    assertEquals(JobState.SUCCEEDED, result.state());
    assertTrue(result.failure().isEmpty());
    assertEquals(List.of(710647L), summary(result, "total").outputs().orElseThrow());
    assertEquals(List.of(196418L), summary(result, "sum_25_26").outputs().orElseThrow());
    assertEquals(TaskStatus.SUCCEEDED, summary(result, JobSpec.COMMIT_NAME).status());
    assertEquals(8, run.size(), "seven graph tasks and the commit task, once each");
    assertEquals(TaskId.COMMIT, run.get(run.size() - 1).context().taskId());
    assertEquals(new Progress(JobState.SUCCEEDED, 7, 0, 0, 0, 7), cluster.progress(job));
  }

  @Test
  void theCommitTaskReceivesEveryOutputOfTheOutputTasksInTaskOrder() throws Exception {
    cluster.submit(
        JobSpec.of(
                "sinks",
                List.of(
                    TaskSpec.of("a", PKG, "one"),
                    TaskSpec.of("b", PKG, "two"),
                    TaskSpec.of("c", PKG, "use", ref("a", 0))))
            .withCommit(TerminationTask.of(PKG, "commit_sum")));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    Attempt b = manager.takeOne();
    manager.succeed(b, i64(21), i64(22));
    manager.succeed(a, i64(1));
    manager.succeed(manager.takeOne(), i64(3));

    Attempt commit = manager.takeOne();
    assertEquals(TaskId.COMMIT, commit.context().taskId());
    assertArrayEquals(WireFormat.empty(), commit.context().serializedInputs());
    byte[] raw = commit.context().serializedTaskGraphOutputs().orElseThrow();
    assertEquals(0, raw[0], "small outputs are stored plain");
    List<byte[]> outputs = SerializedTaskOutputs.decode(raw);
    assertEquals(
        3, outputs.size(), "b's two outputs and c's one; a feeds c, so it is no output task");
    assertArrayEquals(i64(21), outputs.get(0));
    assertArrayEquals(i64(22), outputs.get(1));
    assertArrayEquals(i64(3), outputs.get(2));
    assertEquals(
        3,
        commit
            .context()
            .taskContext(commit.assignment().resourceGroupId())
            .taskGraphOutputs()
            .size(),
        "the commit task's context carries them");
  }

  @Test
  void explicitJobOutputsChooseAndOrderWhatTheCommitTaskReceives() throws Exception {
    cluster.submit(
        JobSpec.of(
                "explicit",
                List.of(TaskSpec.of("a", PKG, "one"), TaskSpec.of("b", PKG, "use", ref("a", 0))))
            .withJobOutputs(List.of(ref("b", 1), ref("a", 0)))
            .withCommit(TerminationTask.of(PKG, "commit_sum")));
    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne(), i64(5));
    manager.succeed(manager.takeOne(), i64(6), i64(7));

    List<byte[]> outputs =
        SerializedTaskOutputs.decode(
            manager.takeOne().context().serializedTaskGraphOutputs().orElseThrow());
    assertEquals(2, outputs.size());
    assertArrayEquals(i64(7), outputs.get(0));
    assertArrayEquals(i64(5), outputs.get(1));
  }

  @Test
  void jobOutputsAboveOneKibibyteReachTheCommitTaskCompressed() throws Exception {
    cluster.submit(
        JobSpec.of("big", List.of(TaskSpec.of("a", PKG, "big")))
            .withCommit(TerminationTask.of(PKG, "commit_sum")));
    FakeManager manager = new FakeManager(cluster);
    byte[] big = TdlCodec.of(String.class).encode("x".repeat(4096));
    manager.succeed(manager.takeOne(), big);

    byte[] raw = manager.takeOne().context().serializedTaskGraphOutputs().orElseThrow();
    assertEquals(1, raw[0], "zstd, as Spider's storage keeps outputs above 1 KiB");
    assertTrue(raw.length < big.length, "compressed: " + raw.length + " bytes");
    assertArrayEquals(big, SerializedTaskOutputs.decode(raw).get(0));
  }

  @Test
  void environmentalFailuresAreRetriedWithinTheBudgetThenFailTheTask() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "crashy",
                List.of(
                    TaskSpec.of("crash", PKG, "exit_three")
                        .withPolicy(ExecutionPolicy.DEFAULT.withMaxRetries(2)))));
    FakeManager manager = new FakeManager(cluster);

    for (int attempt = 1; attempt <= 2; attempt++) {
      manager.fail(manager.takeOne(), CRASH);
      TaskSummary crash = summary(cluster.result(job), "crash");
      assertEquals(TaskStatus.READY, crash.status(), "retry " + attempt + " is within the budget");
      assertEquals(attempt, crash.attempts());
    }
    manager.fail(manager.takeOne(), CRASH);

    JobResult result = cluster.result(job);
    assertEquals(JobState.FAILED, result.state());
    TaskSummary crash = summary(result, "crash");
    assertEquals(TaskStatus.FAILED, crash.status());
    assertEquals(3, crash.attempts());
    assertEquals(CRASH, crash.lastFailure().orElseThrow());
    assertEquals(
        "task 'crash' (integration_test_tasks::exit_three) failed after 3 attempts: "
            + "environmental: executor crash: exit status 3",
        result.failure().orElseThrow());
    assertTrue(manager.take().isEmpty(), "no fourth attempt");
  }

  @Test
  void aRetriedTaskCanStillSucceed() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "flaky",
                List.of(
                    TaskSpec.of("flaky", PKG, "fibonacci", int64(10))
                        .withPolicy(ExecutionPolicy.DEFAULT.withMaxRetries(1)))));
    FakeManager manager = new FakeManager(cluster);
    manager.fail(
        manager.takeOne(), TaskFailure.environmental("timeout: hard timeout of PT1S passed"));
    manager.succeed(manager.takeOne(), i64(55));

    JobResult result = cluster.result(job);
    assertEquals(JobState.SUCCEEDED, result.state());
    TaskSummary flaky = summary(result, "flaky");
    assertEquals(2, flaky.attempts());
    assertEquals(List.of(55L), flaky.outputs().orElseThrow());
    assertEquals(FailureClass.ENVIRONMENTAL, flaky.lastFailure().orElseThrow().failureClass());
  }

  @Test
  void aDeterministicFailureIsNeverRetriedWhateverTheBudget() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "det",
                List.of(
                    TaskSpec.of("det", PKG, "always_fail")
                        .withPolicy(ExecutionPolicy.DEFAULT.withMaxRetries(5)))));
    FakeManager manager = new FakeManager(cluster);
    manager.fail(manager.takeOne(), TASK_ERROR);

    assertTrue(manager.take().isEmpty(), "not retried");
    JobResult result = cluster.result(job);
    assertEquals(JobState.FAILED, result.state());
    assertEquals(1, summary(result, "det").attempts());
    assertTrue(
        result.failure().orElseThrow().contains("failed deterministically (not retried)"),
        result.failure().orElseThrow());
  }

  @Test
  void aFailedJobSkipsItsCommitTaskAndRunsItsCleanupTask() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("cleanup", List.of(TaskSpec.of("det", PKG, "always_fail")))
                .withCommit(TerminationTask.of(PKG, "commit_sum"))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    FakeManager manager = new FakeManager(cluster);
    manager.fail(manager.takeOne(), TASK_ERROR);

    JobResult cleaningUp = cluster.result(job);
    assertEquals(JobState.CLEANING_UP, cleaningUp.state());
    assertEquals(TaskStatus.SKIPPED, summary(cleaningUp, JobSpec.COMMIT_NAME).status());
    Attempt cleanup = manager.takeOne();
    assertEquals(TaskId.CLEANUP, cleanup.context().taskId());
    assertTrue(cleanup.context().serializedTaskGraphOutputs().isEmpty());
    assertArrayEquals(WireFormat.empty(), cleanup.context().serializedInputs());
    manager.succeed(cleanup);

    JobResult result = cluster.awaitCompletion(job, Duration.ZERO);
    assertEquals(JobState.FAILED, result.state());
    assertEquals(TaskStatus.SUCCEEDED, summary(result, JobSpec.CLEANUP_NAME).status());
    assertEquals(
        List.of("det", "commit", "cleanup"),
        result.tasks().stream().map(TaskSummary::name).toList());
  }

  @Test
  void aSuccessfulJobSkipsItsCleanupTask() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("ok", List.of(TaskSpec.of("a", PKG, "fibonacci", int64(3))))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    new FakeManager(cluster).runAll();

    JobResult result = cluster.result(job);
    assertEquals(JobState.SUCCEEDED, result.state());
    assertEquals(TaskStatus.SKIPPED, summary(result, JobSpec.CLEANUP_NAME).status());
    assertEquals(0, summary(result, JobSpec.CLEANUP_NAME).attempts());
  }

  @Test
  void aFailingCommitTaskFailsTheJobAndRunsCleanup() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of("commit fails", List.of(TaskSpec.of("a", PKG, "fibonacci", int64(3))))
                .withCommit(TerminationTask.of(PKG, "assert_outputs_sum_zero"))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    FakeManager manager = new FakeManager(cluster);
    manager.succeed(manager.takeOne(), i64(2));
    assertEquals(JobState.COMMITTING, cluster.progress(job).state());
    manager.fail(manager.takeOne(), TASK_ERROR);
    assertEquals(JobState.CLEANING_UP, cluster.progress(job).state());
    manager.succeed(manager.takeOne());

    JobResult result = cluster.result(job);
    assertEquals(JobState.FAILED, result.state());
    assertTrue(result.failure().orElseThrow().startsWith("task 'commit'"), result.failure().get());
  }

  @Test
  void failFastCancelsRunningTasksAndSkipsTheRest() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "fast",
                List.of(
                    TaskSpec.of("bad", PKG, "always_fail"),
                    TaskSpec.of("slow", PKG, "fibonacci", int64(30)),
                    TaskSpec.of("later", PKG, "add", ref("slow", 0), int64(1)))));
    FakeManager manager = new FakeManager(cluster);
    Attempt bad = manager.takeOne();
    Attempt slow = manager.takeOne();
    manager.fail(bad, TASK_ERROR);

    JobResult result = cluster.result(job);
    assertEquals(JobState.FAILED, result.state());
    assertEquals(TaskStatus.CANCELLED, summary(result, "slow").status());
    assertEquals(TaskStatus.SKIPPED, summary(result, "later").status());
    assertThrows(CacheStaleException.class, () -> manager.succeed(slow, i64(832040)));
    assertEquals(new Progress(JobState.FAILED, 0, 0, 1, 2, 3), cluster.progress(job));
  }

  @Test
  void continueIndependentLetsUnrelatedTasksFinishAndSkipsDependents() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                    "keep going",
                    List.of(
                        TaskSpec.of("bad", PKG, "always_fail"),
                        TaskSpec.of("after_bad", PKG, "add", ref("bad", 0), int64(1)),
                        TaskSpec.of("good", PKG, "fibonacci", int64(10)),
                        TaskSpec.of("after_good", PKG, "add", ref("good", 0), int64(1))))
                .withFailurePolicy(FailurePolicy.CONTINUE_INDEPENDENT)
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    FakeManager manager = new FakeManager(cluster);
    Attempt bad = manager.takeOne();
    Attempt good = manager.takeOne();
    manager.fail(bad, TASK_ERROR);

    assertEquals(JobState.RUNNING, cluster.progress(job).state(), "good is still running");
    assertEquals(TaskStatus.SKIPPED, summary(cluster.result(job), "after_bad").status());
    manager.succeed(good, i64(55));
    Attempt afterGood = manager.takeOne();
    assertEquals(TaskId.index(3), afterGood.context().taskId());
    manager.succeed(afterGood, i64(56));

    assertEquals(JobState.CLEANING_UP, cluster.progress(job).state());
    manager.succeed(manager.takeOne());
    JobResult result = cluster.result(job);
    assertEquals(JobState.FAILED, result.state());
    assertEquals(List.of(56L), summary(result, "after_good").outputs().orElseThrow());
    assertEquals(new Progress(JobState.FAILED, 2, 0, 1, 1, 4), cluster.progress(job));
  }

  @Test
  void cancelStopsTheJobRefusesLateReportsAndRunsCleanup() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                    "cancel me",
                    List.of(
                        TaskSpec.of("running", PKG, "spin_forever"),
                        TaskSpec.of("pending", PKG, "add", ref("running", 0), int64(1))))
                .withCleanup(TerminationTask.of(PKG, "context_ids")));
    FakeManager manager = new FakeManager(cluster);
    Attempt running = manager.takeOne();

    assertTrue(cluster.cancel(job));
    assertFalse(cluster.cancel(job), "already cleaning up after the cancel");
    assertThrows(CacheStaleException.class, () -> manager.fail(running, CRASH));
    Attempt cleanup = manager.takeOne();
    assertEquals(TaskId.CLEANUP, cleanup.context().taskId());
    manager.succeed(cleanup);

    JobResult result = cluster.result(job);
    assertEquals(JobState.CANCELLED, result.state());
    assertEquals("cancelled", result.failure().orElseThrow());
    assertEquals(TaskStatus.CANCELLED, summary(result, "running").status());
    assertEquals(TaskStatus.SKIPPED, summary(result, "pending").status());
    assertFalse(cluster.cancel(job), "ended");
  }

  @Test
  void cancellingAJobWithoutCleanupEndsItAtOnceAndDropsItsQueuedTasks() throws Exception {
    JobId job = cluster.submit(JobSpec.of("queued", List.of(TaskSpec.of("a", PKG, "one"))));
    assertTrue(cluster.cancel(job));
    assertEquals(JobState.CANCELLED, cluster.awaitCompletion(job, Duration.ZERO).state());
    assertTrue(new FakeManager(cluster).take().isEmpty(), "its ready task is no longer handed out");
  }

  @Test
  void awaitCompletionWakesWhenTheJobEnds() throws Exception {
    JobId job = cluster.submit(JobSpec.of("wait", List.of(TaskSpec.of("a", PKG, "one"))));
    FakeManager manager = new FakeManager(cluster);
    Attempt a = manager.takeOne();
    Background<JobResult> waiter =
        Background.start(
            "test-await-completion", () -> cluster.awaitCompletion(job, Duration.ofMinutes(5)));
    try {
      Waits.untilParked(waiter.thread());
      assertFalse(waiter.result().isDone());

      manager.succeed(a, i64(1));
      assertEquals(JobState.SUCCEEDED, waiter.await().state());
    } finally {
      waiter.stop();
    }
  }

  @Test
  void awaitCompletionReturnsTheRunningJobWhenTheTimeoutPasses() throws Exception {
    JobId job = cluster.submit(JobSpec.of("slow", List.of(TaskSpec.of("a", PKG, "one"))));
    JobResult result = cluster.awaitCompletion(job, Duration.ofMillis(1));
    assertEquals(JobState.RUNNING, result.state());
    assertEquals(TaskStatus.READY, summary(result, "a").status());
  }

  @Test
  void resultsShowOutputsByTheirDeclaredTypesOrGenerically() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "display",
                List.of(
                    TaskSpec.of("typed", PKG, "echo_bytes")
                        .withOutputTypes(TdlType.parse("bytes"), TdlType.parse("option<uint64>")),
                    TaskSpec.of("untyped", PKG, "echo_bytes"))));
    FakeManager manager = new FakeManager(cluster);
    byte[] bytes = TdlCodec.of(byte[].class).encode(new byte[] {1, 2, 3});
    manager.succeed(manager.takeOne(), bytes, HexFormat.of().parseHex("c0"));
    manager.succeed(manager.takeOne(), bytes, HexFormat.of().parseHex("81a16b02"));

    JobResult result = cluster.result(job);
    assertEquals(Arrays.asList("AQID", null), summary(result, "typed").outputs().orElseThrow());
    assertEquals(
        List.of(List.of(1L, 2L, 3L), Map.of("k", 2L)),
        summary(result, "untyped").outputs().orElseThrow(),
        "without declared types, an array of uints is just an array");
  }

  @Test
  void progressCountsGraphTasksByStatus() throws Exception {
    JobId job =
        cluster.submit(
            JobSpec.of(
                "progress",
                List.of(
                    TaskSpec.of("a", PKG, "one"),
                    TaskSpec.of("b", PKG, "one"),
                    TaskSpec.of("c", PKG, "use", ref("a", 0)))));
    FakeManager manager = new FakeManager(cluster);
    assertEquals(new Progress(JobState.RUNNING, 0, 0, 0, 0, 3), cluster.progress(job));
    Attempt a = manager.takeOne();
    assertEquals(new Progress(JobState.RUNNING, 0, 1, 0, 0, 3), cluster.progress(job));
    manager.succeed(a, i64(1));
    assertEquals(new Progress(JobState.RUNNING, 1, 0, 0, 0, 3), cluster.progress(job));
    assertEquals("1 done, 0 running, 0 failed of 3 (running)", cluster.progress(job).toString());
  }

  @Test
  void anUnknownJobIsACallerError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cluster.progress(new JobId(42)));
    assertTrue(e.getMessage().contains("42"), e.getMessage());
  }
}
