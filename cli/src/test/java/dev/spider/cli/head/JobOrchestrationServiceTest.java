package dev.spider.cli.head;

import static dev.spider.cli.head.HeadFixture.int64;
import static dev.spider.cli.head.HeadFixture.jobRequest;
import static dev.spider.cli.head.HeadFixture.refused;
import static dev.spider.cli.head.HeadFixture.registerJob;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.storage.ExecutionContext;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.cluster.proto.storage.RegisterJobRequest;
import dev.spider.cluster.proto.storage.VerifyResourceGroupRequest;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code storage.JobOrchestrationService} and {@code ResourceGroupManagementService} over a real
 * loopback channel: upstream's codes and messages for each method, and a job's life from {@code
 * RegisterJob} to its outputs or error.
 */
final class JobOrchestrationServiceTest {

  private HeadFixture head;

  @BeforeEach
  void start() throws Exception {
    head = HeadFixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    head.close();
  }

  @Test
  void resourceGroupsAreNumberedUniqueAndVerifiedByPassword() {
    assertEquals(1, head.addGroup("a"));
    assertEquals(2, head.addGroup("b"));
    refused(Status.Code.ALREADY_EXISTS, "already exists", () -> head.addGroup("a"));

    head.groups().verifyResourceGroup(verify(1, "secret"));
    refused(
        Status.Code.UNAUTHENTICATED,
        "invalid resource group",
        () -> head.groups().verifyResourceGroup(verify(1, "wrong")));
    refused(
        Status.Code.UNAUTHENTICATED,
        "invalid resource group",
        () -> head.groups().verifyResourceGroup(verify(9, "secret")));
  }

  private static VerifyResourceGroupRequest verify(long group, String password) {
    return VerifyResourceGroupRequest.newBuilder()
        .setResourceGroupId(group)
        .setPassword(ByteString.copyFrom(password, StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void aRegisteredJobIsReadyUntilStartedAndThenRunsOnce() {
    long job = head.register(Graphs.single("one", 0, 1), List.of(int64(5)));
    assertEquals(JobState.READY, head.state(job));
    long em = head.registerManager();
    assertTrue(head.next(em, Optional.empty(), 0).isEmpty(), "a job not started runs nothing");

    assertEquals(JobState.RUNNING, head.jobs().startJob(jobRequest(job)).getState());
    refused(
        Status.Code.FAILED_PRECONDITION,
        "job in state Running cannot transit into state Running",
        () -> head.jobs().startJob(jobRequest(job)));
    assertEquals(job, head.nextNow(em).getJobId());
  }

  @Test
  void everyCallAboutAnUnknownJobIsNotFound() {
    for (Runnable call :
        List.<Runnable>of(
            () -> head.jobs().startJob(jobRequest(42)),
            () -> head.jobs().cancelJob(jobRequest(42)),
            () -> head.jobs().getJobState(jobRequest(42)),
            () -> head.jobs().getJobOutputs(jobRequest(42)),
            () -> head.jobs().getJobError(jobRequest(42)))) {
      refused(Status.Code.NOT_FOUND, "job not found", call::run);
    }
  }

  @Test
  void aBadSubmissionIsInvalidArgumentBeforeTheResourceGroupIsLookedAt() {
    long group = head.addGroup("g");
    refused(
        Status.Code.INVALID_ARGUMENT,
        "compressed_serialized_task_graph",
        () ->
            head.jobs()
                .registerJob(
                    registerJob(99, Graphs.single("one", 0, 1), List.of(int64(1))).toBuilder()
                        .setCompressedSerializedTaskGraph(ByteString.copyFromUtf8("not zstd"))
                        .build()));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "invalid task graph",
        () -> head.jobs().registerJob(registerJob(group, "{\"tasks\": []}", List.of())));
    refused(
        Status.Code.INVALID_ARGUMENT,
        "take 1 input(s) in all, but 2 were given",
        () ->
            head.jobs()
                .registerJob(
                    registerJob(group, Graphs.single("one", 0, 1), List.of(int64(1), int64(2)))));
    RegisterJobRequest notWire =
        registerJob(group, Graphs.single("one", 0, 1), List.of()).toBuilder()
            .setCompressedSerializedInputs(
                ByteString.copyFrom(ZstdFrames.compress(new byte[] {1, 2})))
            .build();
    refused(
        Status.Code.INVALID_ARGUMENT,
        "not one wire-format buffer",
        () -> head.jobs().registerJob(notWire));

    refused(
        Status.Code.UNAUTHENTICATED,
        "invalid resource group",
        () ->
            head.jobs()
                .registerJob(registerJob(99, Graphs.single("one", 0, 1), List.of(int64(1)))));
  }

  @Test
  void inputsAreNotCheckedAgainstTheirDescriptorsAndReachTheTaskAsSent() {
    byte[] notAnInt = {(byte) 0xa3, 'a', 'b', 'c'}; // the string "abc", declared Int64
    long job = head.submit(Graphs.single("one", 0, 1), List.of(notAnInt));
    long em = head.registerManager();
    SchedulerAssignment a = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, a);
    assertArrayEquals(
        dev.spider.tdl.wire.WireFormat.encode(List.of(notAnInt)),
        context.getSerializedTaskIo().toByteArray());
    assertEquals(job, a.getJobId());
  }

  @Test
  void aSucceededJobAnswersItsOutputsAndNoError() throws Exception {
    long job = head.submit(Graphs.diamond(), List.of(int64(2), int64(3)));
    long em = head.registerManager();
    for (int i = 0; i < 2; i++) {
      SchedulerAssignment a = head.nextNow(em);
      ExecutionContext context = head.registerInstance(em, a);
      long input =
          int64(
              dev.spider.tdl.wire.WireFormat.decode(context.getSerializedTaskIo().toByteArray())
                  .get(0));
      head.succeed(em, a, context, int64(input * 10));
    }
    refused(
        Status.Code.FAILED_PRECONDITION,
        "job in state Running, expect state Succeeded",
        () -> head.jobs().getJobOutputs(jobRequest(job)));
    SchedulerAssignment sum = head.nextNow(em);
    ExecutionContext context = head.registerInstance(em, sum);
    List<byte[]> inputs =
        dev.spider.tdl.wire.WireFormat.decode(context.getSerializedTaskIo().toByteArray());
    assertEquals(List.of(20L, 30L), List.of(int64(inputs.get(0)), int64(inputs.get(1))));
    head.succeed(em, sum, context, int64(50));

    assertEquals(JobState.SUCCEEDED, head.state(job));
    byte[] raw = head.jobs().getJobOutputs(jobRequest(job)).getSerializedOutputs().toByteArray();
    assertEquals(0, raw[0], "small outputs are not compressed");
    List<byte[]> outputs = SerializedTaskOutputs.decode(raw);
    assertEquals(1, outputs.size());
    assertEquals(50L, int64(outputs.get(0)));
    refused(
        Status.Code.FAILED_PRECONDITION,
        "job in state Succeeded, expect state Failed, Cancelled",
        () -> head.jobs().getJobError(jobRequest(job)));
  }

  @Test
  void aJobWithoutOutputsAnswersOptionByteZeroAndAnEmptyWireBuffer() {
    long job = head.submit(Graphs.single("check", 0, 0), List.of(int64(1)));
    long em = head.registerManager();
    SchedulerAssignment a = head.nextNow(em);
    head.succeed(em, a, head.registerInstance(em, a));
    SchedulerAssignment commit = head.nextNow(em);
    ExecutionContext commitContext = head.registerInstance(em, commit);
    assertArrayEquals(
        new byte[] {0, 0, 0, 0, 0}, commitContext.getSerializedTaskIo().toByteArray());
    head.succeed(em, commit, commitContext);

    assertEquals(JobState.SUCCEEDED, head.state(job));
    assertArrayEquals(
        new byte[] {0, 0, 0, 0, 0},
        head.jobs().getJobOutputs(jobRequest(job)).getSerializedOutputs().toByteArray());
  }

  @Test
  void cancellingAnswersTheStateAfterwardsAndTheErrorSaysCancelled() {
    long job = head.submit(Graphs.single("one", 0, 1), List.of(int64(1)));
    assertEquals(
        JobState.CLEANUP_READY,
        head.jobs().cancelJob(jobRequest(job)).getState(),
        "its cleanup task runs first");
    long em = head.registerManager();
    SchedulerAssignment cleanup = head.nextNow(em);
    assertTrue(cleanup.getTaskId().hasCleanup());
    ExecutionContext context = head.registerInstance(em, cleanup);
    assertArrayEquals(
        new byte[] {0, 0, 0, 0},
        context.getSerializedTaskIo().toByteArray(),
        "the cleanup task gets the wire format of no inputs");
    head.succeed(em, cleanup, context);

    assertEquals(JobState.CANCELLED, head.jobs().cancelJob(jobRequest(job)).getState());
    assertEquals("cancelled", head.jobs().getJobError(jobRequest(job)).getErrorMessage());
    refused(
        Status.Code.FAILED_PRECONDITION,
        "job in state Cancelled, expect state Succeeded",
        () -> head.jobs().getJobOutputs(jobRequest(job)));
  }

  @Test
  void aJobNeverStartedCanBeCancelled() {
    long job = head.register(Graphs.diamond(), List.of(int64(1), int64(2)));
    assertEquals(JobState.CANCELLED, head.jobs().cancelJob(jobRequest(job)).getState());
    refused(
        Status.Code.FAILED_PRECONDITION,
        "job in state Cancelled cannot transit into state Running",
        () -> head.jobs().startJob(jobRequest(job)));
  }
}
