package dev.spider.cli.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.graph.TaskGraphJson;
import dev.spider.cli.graph.ZstdFrames;
import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The submit client and follower against a scripted in-process storage. */
final class JobFollowerTest {

  private static final long DEADLINE_MS = 10_000;

  private final FakeStorage storage = new FakeStorage();
  private final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
  private Server server;
  private ManagedChannel channel;
  private ClusterClient client;
  private ClusterJob fanout;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(storage.jobs())
            .addService(storage.groups())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = new ClusterClient(channel, "fake storage", Duration.ofSeconds(10));
    fanout = JobConversion.convert(JobFiles.bundled("fanout.json"));
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow();
    assertTrue(channel.awaitTermination(10, TimeUnit.SECONDS), "channel terminated");
    assertTrue(server.awaitTermination(10, TimeUnit.SECONDS), "server terminated");
  }

  private ClusterOutcome run(ResourceGroup group) throws Exception {
    return new JobFollower(client, progress::add).run(fanout, group);
  }

  @Test
  void submitsStartsFollowsAndFetchesTheOutputs() throws Exception {
    byte[] total = HexFormat.of().parseHex("ce000ad7f7"); // 710647 as rmp_serde writes it
    storage
        .states(
            dev.spider.cluster.proto.storage.JobState.RUNNING,
            dev.spider.cluster.proto.storage.JobState.RUNNING,
            dev.spider.cluster.proto.storage.JobState.COMMIT_READY,
            dev.spider.cluster.proto.storage.JobState.SUCCEEDED)
        .outputs(SerializedTaskOutputs.encodePlain(List.of(total)));

    ClusterOutcome outcome = run(ResourceGroup.createForRun());

    ClusterOutcome.Succeeded succeeded = assertInstanceOf(ClusterOutcome.Succeeded.class, outcome);
    assertEquals(FakeStorage.JOB_ID, succeeded.jobId());
    assertArrayEquals(total, succeeded.outputs().get(0));
    assertEquals(
        List.of(
            "AddResourceGroup",
            "RegisterJob",
            "StartJob",
            "GetJobState",
            "GetJobState",
            "GetJobState",
            "GetJobState",
            "GetJobOutputs"),
        storage.calls());
    assertTrue(storage.addedGroup().getExternalResourceGroupId().startsWith("spider-cli-"));
    assertTrue(storage.addedGroup().getPassword().isEmpty(), "empty password");
    assertEquals(FakeStorage.GROUP_ID, storage.registered().getResourceGroupId());
    assertEquals(
        fanout.graph(),
        TaskGraphJson.parseCompressed(
            storage.registered().getCompressedSerializedTaskGraph().toByteArray(), 1 << 20));
    assertEquals(
        4,
        WireFormat.decode(
                ZstdFrames.decompress(
                    storage.registered().getCompressedSerializedInputs().toByteArray(), 1 << 20))
            .size());
    // One progress line per change of state.
    assertEquals(
        List.of(
            new Progress(JobState.RUNNING, 0, 7, 0, 0, 7),
            new Progress(JobState.COMMITTING, 7, 0, 0, 0, 7),
            new Progress(JobState.SUCCEEDED, 7, 0, 0, 0, 7)),
        progress);

    JobResult result = ClusterResults.toJobResult(fanout, outcome);
    assertEquals(JobState.SUCCEEDED, result.state());
    assertEquals(9 - 1, result.tasks().size(), "7 graph tasks and the commit task");
    TaskSummary totalTask = result.task("total").orElseThrow();
    assertEquals(TaskStatus.SUCCEEDED, totalTask.status());
    assertEquals(Optional.of(List.<Object>of(710647L)), totalTask.outputs());
    assertEquals(Optional.empty(), result.task("fib_25").orElseThrow().outputs());
    assertEquals(TaskStatus.SUCCEEDED, result.task("commit").orElseThrow().status());
  }

  @Test
  void readsCompressedOutputs() throws Exception {
    // Above 1 KiB storage keeps outputs zstd-compressed (option byte 1).
    byte[] big = new byte[3000];
    big[0] = (byte) 0xc5; // bin16 header: not an int64, shown untyped
    big[1] = 0x0b;
    big[2] = (byte) 0xb5;
    byte[] raw = SerializedTaskOutputs.encode(List.of(big));
    assertEquals(1, raw[0], "compressed");
    storage.states(dev.spider.cluster.proto.storage.JobState.SUCCEEDED).outputs(raw);

    ClusterOutcome.Succeeded outcome =
        assertInstanceOf(ClusterOutcome.Succeeded.class, run(new ResourceGroup.Existing(3)));
    assertArrayEquals(big, outcome.outputs().get(0));
    assertEquals(
        List.of("RegisterJob", "StartJob", "GetJobState", "GetJobOutputs"), storage.calls());
    assertEquals(3, storage.registered().getResourceGroupId());
  }

  @Test
  void aFailedJobEndsWithStoragesError() throws Exception {
    storage
        .states(
            dev.spider.cluster.proto.storage.JobState.RUNNING,
            dev.spider.cluster.proto.storage.JobState.CLEANUP_READY,
            dev.spider.cluster.proto.storage.JobState.FAILED)
        .error("in-task failure: fibonacci overflow");

    ClusterOutcome outcome = run(new ResourceGroup.Existing(1));

    assertEquals(
        "in-task failure: fibonacci overflow",
        assertInstanceOf(ClusterOutcome.Failed.class, outcome).error());
    assertEquals(
        List.of(
            new Progress(JobState.RUNNING, 0, 7, 0, 0, 7),
            new Progress(JobState.CLEANING_UP, 0, 0, 1, 0, 7),
            new Progress(JobState.FAILED, 0, 0, 1, 0, 7)),
        progress);
    JobResult result = ClusterResults.toJobResult(fanout, outcome);
    assertEquals(JobState.FAILED, result.state());
    assertEquals(Optional.of("in-task failure: fibonacci overflow"), result.failure());
    assertEquals(List.of(), result.tasks());
  }

  @Test
  void cancelSendsCancelJobAndTheRunEndsCancelled() throws Exception {
    storage.states(dev.spider.cluster.proto.storage.JobState.RUNNING);
    JobFollower follower = new JobFollower(client, progress::add);
    ExecutorService runner =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "test-job-follower"));
    try {
      Future<ClusterOutcome> outcome =
          runner.submit(() -> follower.run(fanout, new ResourceGroup.Existing(1)));
      storage.awaitCalls("GetJobState", 2, DEADLINE_MS);

      follower.cancel();
      follower.cancel(); // idempotent

      ClusterOutcome ended = outcome.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
      assertInstanceOf(ClusterOutcome.Cancelled.class, ended);
      assertEquals(1, storage.count("CancelJob"));
      assertEquals(JobState.CANCELLED, progress.get(progress.size() - 1).state());
      assertEquals(Optional.of("cancelled"), ClusterResults.toJobResult(fanout, ended).failure());
    } finally {
      runner.shutdownNow();
      assertTrue(runner.awaitTermination(10, TimeUnit.SECONDS), "runner stopped");
    }
  }

  @Test
  void cancelBeforeRegistrationCancelsInsteadOfStarting() throws Exception {
    storage.states(dev.spider.cluster.proto.storage.JobState.READY);
    JobFollower follower = new JobFollower(client, progress::add);
    follower.cancel();

    ClusterOutcome outcome = follower.run(fanout, new ResourceGroup.Existing(1));

    assertInstanceOf(ClusterOutcome.Cancelled.class, outcome);
    assertEquals(List.of("RegisterJob", "CancelJob", "GetJobState"), storage.calls());
  }

  @Test
  void retriesReadsOnUnavailable() throws Exception {
    storage.states(dev.spider.cluster.proto.storage.JobState.SUCCEEDED).failStates(2);
    storage.outputs(SerializedTaskOutputs.encodePlain(List.of(new byte[] {1})));

    assertInstanceOf(ClusterOutcome.Succeeded.class, run(new ResourceGroup.Existing(1)));
    assertEquals(3, storage.count("GetJobState"));
  }

  @Test
  void mapsStatusesToTypedErrors() {
    storage.failRegister(Status.INVALID_ARGUMENT.withDescription("task graph input size mismatch"));
    ClusterException refused =
        assertThrows(ClusterException.class, () -> run(new ResourceGroup.Existing(1)));
    assertEquals(ClusterException.Reason.REFUSED, refused.reason());
    assertEquals(
        "RegisterJob of job 'fanout' to fake storage failed: INVALID_ARGUMENT: task graph input"
            + " size mismatch; storage refused the request as malformed",
        refused.getMessage());
    assertEquals(List.of("RegisterJob"), storage.calls(), "never retried");
  }

  @Test
  void mapsUnauthenticated() {
    storage.failRegister(Status.UNAUTHENTICATED.withDescription("unknown resource group"));
    ClusterException e =
        assertThrows(ClusterException.class, () -> run(new ResourceGroup.Existing(99)));
    assertEquals(ClusterException.Reason.UNAUTHENTICATED, e.reason());
    assertTrue(
        e.getMessage().endsWith("leave it out to create a group for this run"), e.getMessage());
  }

  @Test
  void refusesAnUnknownJobState() {
    storage.states(dev.spider.cluster.proto.storage.JobState.JOB_STATE_UNSPECIFIED);
    ClusterException e =
        assertThrows(ClusterException.class, () -> run(new ResourceGroup.Existing(1)));
    assertEquals(ClusterException.Reason.PROTOCOL, e.reason());
    assertTrue(
        e.getMessage().contains("JOB_STATE_UNSPECIFIED, which is no job state"), e.getMessage());
  }

  @Test
  void refusesOutputsNotMatchingTheGraph() {
    storage
        .states(dev.spider.cluster.proto.storage.JobState.SUCCEEDED)
        .outputs(SerializedTaskOutputs.encodePlain(List.of(new byte[] {1}, new byte[] {2})));
    ClusterException e =
        assertThrows(ClusterException.class, () -> run(new ResourceGroup.Existing(1)));
    assertEquals(ClusterException.Reason.PROTOCOL, e.reason());
    assertEquals(
        "storage answered 2 output(s) for job 42, whose graph has 1 job output(s) [total[0]] (job"
            + " 42 was registered)",
        e.getMessage());
  }

  @Test
  void refusesUndecodableOutputs() {
    storage.states(dev.spider.cluster.proto.storage.JobState.SUCCEEDED).outputs(new byte[] {9});
    ClusterException e =
        assertThrows(ClusterException.class, () -> run(new ResourceGroup.Existing(1)));
    assertEquals(ClusterException.Reason.PROTOCOL, e.reason());
    assertTrue(e.getMessage().contains("unknown option byte 9"), e.getMessage());
  }
}
