package dev.spider.cli.head;

import static dev.spider.cli.head.HeadFixture.int64;
import static dev.spider.cli.head.HeadFixture.jobRequest;
import static dev.spider.cli.head.HeadFixture.refused;
import static dev.spider.cli.head.HeadFixture.registration;
import static dev.spider.cli.head.HeadFixture.success;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code storage.TaskInstanceManagementService} over a real loopback channel: upstream's codes and
 * messages, what a registration hands out per task kind, the failure-class retry rules, and a wrong
 * output count failing the task instead of crashing storage.
 */
final class TaskInstanceServiceTest {

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
  void aRegistrationHandsOutTheTaskItsInputsAndItsTimeouts() {
    head.submit(Graphs.single("one", 0, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, a);
    assertEquals(1, context.getTaskInstanceId());
    assertEquals(HeadFixture.PKG, context.getTdlContext().getPackage());
    assertEquals("one", context.getTdlContext().getTaskFunc());
    assertEquals(1000, context.getTimeoutPolicy().getSoftTimeoutMs());
    assertEquals(2000, context.getTimeoutPolicy().getHardTimeoutMs());
    assertArrayEquals(
        WireFormat.encode(List.of(int64(7))), context.getSerializedTaskIo().toByteArray());
  }

  @Test
  void theCommitTaskGetsTheJobOutputsAndItsReportedOutputsAreIgnored() throws Exception {
    long job = head.submit(Graphs.single("one", 0, 2), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    head.succeed(em, a, head.registerInstance(em, a), int64(1), int64(2));
    SchedulerAssignment commit = head.nextNow(em);
    assertTrue(commit.getTaskId().hasCommit());
    ExecutionContext context = head.registerInstance(em, commit);
    List<byte[]> outputs =
        SerializedTaskOutputs.decode(context.getSerializedTaskIo().toByteArray());
    assertEquals(List.of(1L, 2L), List.of(int64(outputs.get(0)), int64(outputs.get(1))));

    head.instances().reportTaskSuccess(success(em, commit, context, new byte[0]));
    assertEquals(JobState.SUCCEEDED, head.state(job));
  }

  @Test
  void outputsAboveGrpcsDefaultFourMibAreAcceptedAndKeptCompressed() throws Exception {
    long job = head.submit(Graphs.single("big", 0, 1), List.of(int64(7)));
    byte[] big = new byte[5 + (5 << 20)]; // MessagePack bin 32 of 5 MiB zeros
    big[0] = (byte) 0xc6;
    big[2] = 0x50; // length 0x00500000, big-endian
    SchedulerAssignment a = head.nextNow(em);
    head.succeed(em, a, head.registerInstance(em, a), big);
    SchedulerAssignment commit = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, commit);
    byte[] raw = context.getSerializedTaskIo().toByteArray();
    assertEquals(1, raw[0], "outputs above 1 KiB are zstd-compressed");
    assertArrayEquals(big, SerializedTaskOutputs.decode(raw).get(0));
    head.succeed(em, commit, context);
    assertEquals(JobState.SUCCEEDED, head.state(job));
  }

  @Test
  void aSessionOtherThanTheHeadsIsNotFoundNamingTheCurrentSession() {
    head.submit(Graphs.single("one", 0, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    long current = head.session();
    assertEquals(current, a.getSessionId());
    for (long session : new long[] {0, 1, current - 1, current + 1, -1}) {
      refused(
          Status.Code.NOT_FOUND,
          "stale session; current storage session is " + current,
          () ->
              head.instances()
                  .registerTaskInstance(
                      registration(em, a).toBuilder().setSessionId(session).build()));
    }
  }

  @Test
  void malformedRequestsAreInvalidArgument() {
    long job = head.submit(Graphs.single("one", 0, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    RegisterTaskInstanceRequest request = registration(em, a);
    refused(
        Status.Code.INVALID_ARGUMENT,
        "missing task_id",
        () -> head.instances().registerTaskInstance(request.toBuilder().clearTaskId().build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "task_id has no kind",
        () ->
            head.instances()
                .registerTaskInstance(
                    request.toBuilder()
                        .setTaskId(dev.spider.cluster.proto.common.TaskId.getDefaultInstance())
                        .build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "job " + job + " has no task Index(5)",
        () ->
            head.instances()
                .registerTaskInstance(request.toBuilder().setTaskId(HeadFixture.index(5)).build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "execution manager 77 is not registered",
        () ->
            head.instances()
                .registerTaskInstance(request.toBuilder().setExecutionManagerId(77).build()));

    ExecutionContext context = head.registerInstance(em, a);
    refused(
        Status.Code.INVALID_ARGUMENT,
        "serialized_outputs",
        () -> head.instances().reportTaskSuccess(success(em, a, context, new byte[0])));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "serialized_outputs",
        () -> head.instances().reportTaskSuccess(success(em, a, context, new byte[] {1, 0, 0})));
    head.succeed(em, a, context, int64(1)); // the refused reports left the instance open
  }

  @Test
  void whatIsNoLongerRunnableOrKnownIsCacheStale() {
    long job = head.submit(Graphs.single("one", 0, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale: job not found in cache: job 99",
        () ->
            head.instances()
                .registerTaskInstance(registration(em, a).toBuilder().setJobId(99).build()));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale:",
        () ->
            head.instances()
                .registerTaskInstance(
                    registration(em, a).toBuilder()
                        .setTaskId(
                            dev.spider.cluster.proto.common.TaskId.newBuilder()
                                .setCommit(Protos.VOID))
                        .build()));

    ExecutionContext context = head.registerInstance(em, a);
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale:",
        () ->
            head.instances()
                .reportTaskSuccess(
                    success(em, a, context, WireFormat.encode(List.of(int64(1)))).toBuilder()
                        .setTaskInstanceId(77)
                        .build()));
    long other = head.registerManager();
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale:",
        () -> head.fail(other, a, context, "not mine"));

    head.succeed(em, a, context, int64(1));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale: ",
        () -> head.succeed(em, a, context, int64(1)));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale: ",
        () -> head.instances().registerTaskInstance(registration(em, a)));
    assertEquals(JobState.COMMIT_READY, head.state(job));
  }

  @Test
  void aWrongOutputCountFailsTheTaskInsteadOfCrashing() {
    long job = head.submit(Graphs.single("one", 3, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, a);

    refused(
        Status.Code.INVALID_ARGUMENT,
        "declares 1 output(s) [Value(Int64)] but returned 2; the task failed instead",
        () -> head.succeed(em, a, context, int64(1), int64(2)));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale:",
        () -> head.fail(em, a, context, "deterministic: the worker's own follow-up report"));

    SchedulerAssignment cleanup = head.nextNow(em);
    assertTrue(cleanup.getTaskId().hasCleanup(), "not retried, although 3 retries were allowed");
    head.succeed(em, cleanup, head.registerInstance(em, cleanup));
    assertEquals(JobState.FAILED, head.state(job));
    String error = head.jobs().getJobError(jobRequest(job)).getErrorMessage();
    assertTrue(error.contains("storage refused the outputs"), error);
    assertTrue(error.contains("failed deterministically"), error);
  }

  @Test
  void environmentalFailuresAreRetriedWithinTheBudgetThenFailTheJob() {
    long job = head.submit(Graphs.single("flaky", 1, 1), List.of(int64(7)));
    for (int attempt = 1; attempt <= 2; attempt++) {
      SchedulerAssignment a = head.nextNow(em);
      assertEquals(0, a.getTaskId().getIndex());
      head.fail(em, a, head.registerInstance(em, a), "environmental: attempt " + attempt);
    }
    SchedulerAssignment cleanup = head.nextNow(em);
    assertTrue(cleanup.getTaskId().hasCleanup());
    head.succeed(em, cleanup, head.registerInstance(em, cleanup));
    assertEquals(JobState.FAILED, head.state(job));
    String error = head.jobs().getJobError(jobRequest(job)).getErrorMessage();
    assertTrue(error.contains("failed after 2 attempts: environmental: attempt 2"), error);
  }

  @Test
  void aFailureWithoutPrefixIsEnvironmentalAsUpstreamRetriesEveryFailure() {
    head.submit(Graphs.single("flaky", 1, 1), List.of(int64(7)));
    SchedulerAssignment first = head.nextNow(em);
    head.fail(em, first, head.registerInstance(em, first), "in-task failure: from a Rust worker");
    SchedulerAssignment again = head.nextNow(em);
    assertEquals(0, again.getTaskId().getIndex(), "retried");
  }

  @Test
  void aDeterministicFailureFailsTheTaskAtOnce() {
    long job = head.submit(Graphs.single("broken", 3, 1), List.of(int64(7)));
    SchedulerAssignment a = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, a);
    head.fail(em, a, context, "deterministic: TaskError: bad input");
    SchedulerAssignment cleanup = head.nextNow(em);
    assertTrue(cleanup.getTaskId().hasCleanup(), "not retried, although 3 retries were allowed");
    assertEquals(JobState.CLEANUP_READY, head.state(job));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "cache stale:",
        () -> head.fail(em, a, context, "deterministic: the same report again"));
  }
}
