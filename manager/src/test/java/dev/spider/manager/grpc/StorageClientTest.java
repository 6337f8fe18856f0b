package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.INSTANCE;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static dev.spider.manager.grpc.Wire.context;
import static dev.spider.manager.grpc.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.spider.cluster.proto.storage.ExecutionContext.Builder;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceResponse;
import dev.spider.cluster.proto.storage.ReportTaskFailureRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GrpcStorageClient} against a fake storage: what goes on the wire, how replies become
 * {@link ExecutionContext}s (routing, timeouts), which replies are refused, the stale-session
 * number, and storage's message limit.
 */
final class StorageClientTest {

  private final FakeCluster fake = FakeCluster.inProcess();
  private GrpcCluster cluster = connect(false);

  private GrpcCluster connect(boolean interruptAtSoftTimeout) {
    try {
      return GrpcCluster.connect(
          Wire.config(1, interruptAtSoftTimeout, Wire.CALL_DEADLINE), fake.opener());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void close() throws Exception {
    cluster.close();
    fake.close();
  }

  // ---- registration ---------------------------------------------------------------------------

  @Test
  void registrationSendsTheAssignmentsIdsUnsigned() throws Exception {
    fake.registerTask.reply(Wire.graphContext());

    cluster.storage().registerTaskInstance(new JobId(-1L), TaskId.COMMIT, EM, new SessionId(-2L));

    RegisterTaskInstanceRequest sent = fake.registerTask.next(EVENT_WAIT).request();
    assertEquals(-1L, sent.getJobId());
    assertArrayEquals(hex("12 00"), sent.getTaskId().toByteArray(), "commit: oneof member 2");
    assertEquals(EM.value(), sent.getExecutionManagerId());
    assertEquals(-2L, sent.getSessionId());
  }

  @Test
  void aGraphTaskGetsItsInputsUnchangedAndOnlyTheHardTimeout() throws Exception {
    byte[] inputs = hex("02000000 01000000 07 01000000 08");
    fake.registerTask.reply(context(150_000, 300_000, inputs));

    ExecutionContext got =
        cluster.storage().registerTaskInstance(JOB, TaskId.index(0), EM, SESSION);

    assertEquals(
        ExecutionContext.of(
            JOB,
            TaskId.index(0),
            INSTANCE,
            new TaskFunction("pkg", "func"),
            TimeoutPolicy.hardOnly(Duration.ofMillis(300_000)),
            inputs),
        got);
    assertArrayEquals(
        hex("08 00"),
        fake.registerTask.next(EVENT_WAIT).request().getTaskId().toByteArray(),
        "index 0 is on the wire");
  }

  @Test
  void theSoftTimeoutInterruptsOnlyWhenAskedTo() throws Exception {
    cluster.close();
    cluster = connect(true);
    fake.registerTask.reply(context(150_000, 300_000, WireFormat.empty()));
    fake.registerTask.reply(context(0, 300_000, WireFormat.empty()));

    assertEquals(
        TimeoutPolicy.of(Duration.ofSeconds(150), Duration.ofSeconds(300)),
        cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION).timeoutPolicy());
    assertEquals(
        TimeoutPolicy.hardOnly(Duration.ofSeconds(300)),
        cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION).timeoutPolicy(),
        "a soft timeout of 0 is none");
  }

  @Test
  void theCommitTaskGetsTheJobsOutputsAndEmptyInputs() throws Exception {
    byte[] graphOutputs = hex("00 01000000 01000000 2a");
    fake.registerTask.reply(context(100, 200, graphOutputs));

    ExecutionContext got = cluster.storage().registerTaskInstance(JOB, TaskId.COMMIT, EM, SESSION);

    assertArrayEquals(WireFormat.empty(), got.serializedInputs());
    assertArrayEquals(graphOutputs, got.serializedTaskGraphOutputs().orElseThrow());
    assertEquals(TaskId.COMMIT, got.taskId());
  }

  @Test
  void theCleanupTasksEmptyInputsBecomeTheEmptyWireBuffer() throws Exception {
    fake.registerTask.reply(context(100, 200, new byte[0]));

    ExecutionContext got = cluster.storage().registerTaskInstance(JOB, TaskId.CLEANUP, EM, SESSION);

    assertArrayEquals(hex("00000000"), got.serializedInputs());
    assertEquals(Optional.empty(), got.serializedTaskGraphOutputs());
  }

  @Test
  void unusableContextsAreServerErrors() {
    assertUnusable(
        TaskId.index(1), r -> r.clearExecutionContext(), "the reply has no execution_context");
    assertUnusable(
        TaskId.index(1), ctx(c -> c.clearTdlContext()), "the execution context has no tdl_context");
    assertUnusable(
        TaskId.index(1),
        ctx(c -> c.clearTimeoutPolicy()),
        "the execution context has no timeout_policy");
    assertUnusable(
        TaskId.index(1),
        ctx(c -> c.setTimeoutPolicy(c.getTimeoutPolicy().toBuilder().setHardTimeoutMs(0))),
        "hard_timeout_ms is 0");
    assertUnusable(
        TaskId.index(1),
        ctx(c -> c.setTimeoutPolicy(c.getTimeoutPolicy().toBuilder().setSoftTimeoutMs(300_001))),
        "soft_timeout_ms 300001 is after hard_timeout_ms 300000");
    assertUnusable(
        TaskId.index(1),
        ctx(
            c ->
                c.setTimeoutPolicy(
                    c.getTimeoutPolicy().toBuilder().setSoftTimeoutMs(1).setHardTimeoutMs(-1L))),
        "hard_timeout_ms 18446744073709551615 is beyond any usable timeout");
    assertUnusable(
        TaskId.COMMIT,
        ctx(c -> c.setSerializedTaskIo(ByteString.EMPTY)),
        "the commit task came without the job's outputs");
  }

  private static UnaryOperator<RegisterTaskInstanceResponse.Builder> ctx(
      UnaryOperator<Builder> change) {
    return r -> r.setExecutionContext(change.apply(r.getExecutionContext().toBuilder()));
  }

  private void assertUnusable(
      TaskId taskId, UnaryOperator<RegisterTaskInstanceResponse.Builder> change, String what) {
    fake.registerTask.reply(change.apply(Wire.graphContext().toBuilder()).build());

    ServerException e =
        assertThrows(
            ServerException.class,
            () -> cluster.storage().registerTaskInstance(JOB, taskId, EM, SESSION));

    assertTrue(e.getMessage().contains("unusable execution context: " + what), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("registerTaskInstance(job 7, task " + taskId), e.getMessage());
  }

  // ---- stale sessions -------------------------------------------------------------------------

  @Test
  void theStaleSessionNumberIsReadFromStoragesText() {
    fake.registerTask.fail(
        Status.NOT_FOUND.withDescription(
            "stale session; current storage session is 18446744073709551615"));

    StaleSessionException e =
        assertThrows(
            StaleSessionException.class,
            () -> cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION));

    assertEquals(SESSION, e.requestSession());
    assertEquals(Optional.of(new SessionId(-1L)), e.storageSession());
  }

  @Test
  void aStaleSessionWithoutANumberHasNoStorageSession() {
    fake.reportFailure.fail(Status.NOT_FOUND.withDescription("stale session"));

    StaleSessionException e =
        assertThrows(
            StaleSessionException.class,
            () ->
                cluster
                    .storage()
                    .reportTaskFailure(
                        JOB,
                        TaskId.index(1),
                        INSTANCE,
                        EM,
                        SESSION,
                        TaskFailure.deterministic("x")));

    assertEquals(Optional.empty(), e.storageSession());
    assertTrue(e.getMessage().contains("storage did not say"), e.getMessage());
  }

  // ---- reports --------------------------------------------------------------------------------

  @Test
  void aGraphTasksOutputsGoOutAsTheExecutorsWireBuffer() throws Exception {
    byte[] outputs = hex("01000000 01000000 03");
    fake.reportSuccess.reply(Wire.done());

    cluster
        .storage()
        .reportTaskSuccess(
            JOB, TaskId.index(4), INSTANCE, EM, SESSION, Optional.of(new TaskOutputs(outputs)));

    ReportTaskSuccessRequest sent = fake.reportSuccess.next(EVENT_WAIT).request();
    assertArrayEquals(outputs, sent.getSerializedOutputs().toByteArray());
    assertEquals(JOB.value(), sent.getJobId());
    assertEquals(4, sent.getTaskId().getIndex());
    assertEquals(INSTANCE.value(), sent.getTaskInstanceId());
    assertEquals(EM.value(), sent.getExecutionManagerId());
    assertEquals(SESSION.value(), sent.getSessionId());
  }

  @Test
  void theCommitTasksSuccessCarriesNoBytes() throws Exception {
    fake.reportSuccess.reply(Wire.done());

    cluster
        .storage()
        .reportTaskSuccess(JOB, TaskId.COMMIT, INSTANCE, EM, SESSION, Optional.empty());

    assertEquals(0, fake.reportSuccess.next(EVENT_WAIT).request().getSerializedOutputs().size());
  }

  @Test
  void outputsThatDoNotMatchTheTaskKindAreRefusedUnsent() {
    assertThrows(
        InvalidInputException.class,
        () ->
            cluster
                .storage()
                .reportTaskSuccess(JOB, TaskId.index(1), INSTANCE, EM, SESSION, Optional.empty()));
    assertThrows(
        InvalidInputException.class,
        () ->
            cluster
                .storage()
                .reportTaskSuccess(
                    JOB, TaskId.CLEANUP, INSTANCE, EM, SESSION, Optional.of(TaskOutputs.empty())));
    assertEquals(0, fake.reportSuccess.pending());
  }

  @Test
  void aFailureTravelsWithItsClassAsATextPrefix() throws Exception {
    fake.reportFailure.reply(Wire.done()).reply(Wire.done());

    cluster
        .storage()
        .reportTaskFailure(
            JOB,
            TaskId.CLEANUP,
            INSTANCE,
            EM,
            SESSION,
            TaskFailure.deterministic("in-task failure: boom"));
    cluster
        .storage()
        .reportTaskFailure(
            JOB,
            TaskId.index(2),
            INSTANCE,
            EM,
            SESSION,
            TaskFailure.environmental("timeout: hard"));

    ReportTaskFailureRequest first = fake.reportFailure.next(EVENT_WAIT).request();
    assertEquals("deterministic: in-task failure: boom", first.getErrorMessage());
    assertArrayEquals(hex("1a 00"), first.getTaskId().toByteArray(), "cleanup: oneof member 3");
    assertEquals(
        "environmental: timeout: hard",
        fake.reportFailure.next(EVENT_WAIT).request().getErrorMessage());
  }

  @Test
  void outputsOverStoragesFourMebibytesAreRefusedBeforeSending() throws Exception {
    // The largest outputs that still fit, then one byte more.
    int envelope = envelopeOfASuccessReport(TaskId.index(1));
    int fits = fittingPayload(GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES - envelope);
    fake.reportSuccess.reply(Wire.done());

    cluster
        .storage()
        .reportTaskSuccess(JOB, TaskId.index(1), INSTANCE, EM, SESSION, Optional.of(outputs(fits)));
    ReportTaskSuccessRequest sent = fake.reportSuccess.next(EVENT_WAIT).request();
    assertEquals(
        GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
        sent.getSerializedSize(),
        "exactly at the limit");

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                cluster
                    .storage()
                    .reportTaskSuccess(
                        JOB,
                        TaskId.index(1),
                        INSTANCE,
                        EM,
                        SESSION,
                        Optional.of(outputs(fits + 1))));
    assertTrue(
        e.getMessage().contains("exceed storage's gRPC message limit of 4194304 bytes (4 MiB)"),
        e.getMessage());
    assertTrue(
        e.getMessage().startsWith("reportTaskSuccess(job 7, task Index(1), instance 9"),
        e.getMessage());
    assertEquals(0, fake.reportSuccess.pending(), "nothing sent");
  }

  @Test
  void aFailureMessageTooLongForStorageIsShortenedToFit() throws Exception {
    fake.reportFailure.reply(Wire.done());
    String huge = "é".repeat(3 << 20); // 6 MiB of two-byte characters

    cluster
        .storage()
        .reportTaskFailure(
            JOB, TaskId.index(1), INSTANCE, EM, SESSION, TaskFailure.deterministic(huge));

    ReportTaskFailureRequest sent = fake.reportFailure.next(EVENT_WAIT).request();
    assertTrue(sent.getSerializedSize() <= GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES, "fits");
    assertTrue(
        sent.getSerializedSize() > GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES - 200,
        "barely cut");
    assertTrue(sent.getErrorMessage().startsWith("deterministic: ééé"), "keeps the class prefix");
    assertTrue(
        sent.getErrorMessage()
            .endsWith("bytes cut to fit storage's message limit of 4194304 bytes]"),
        "marked");
    assertTrue(!sent.getErrorMessage().contains("\uFFFD"), "cut at a character boundary");
  }

  /** The serialized size of a success report of {@code taskId} with empty outputs. */
  private static int envelopeOfASuccessReport(TaskId taskId) {
    return ReportTaskSuccessRequest.newBuilder()
        .setJobId(JOB.value())
        .setTaskId(TaskIds.toProto(taskId))
        .setTaskInstanceId(INSTANCE.value())
        .setExecutionManagerId(EM.value())
        .setSessionId(SESSION.value())
        .build()
        .getSerializedSize();
  }

  /**
   * The payload length of one output such that the outputs field (tag, length, wire buffer of 8 +
   * payload bytes) takes exactly {@code room} bytes.
   */
  private static int fittingPayload(int room) {
    for (int payload = room - 8 - 2; payload > 0; payload--) {
      int field = 8 + payload;
      if (1 + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(field) + field == room) {
        return payload;
      }
    }
    throw new AssertionError("no payload fills " + room + " bytes");
  }

  private static TaskOutputs outputs(int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    return new TaskOutputs(WireFormat.encode(java.util.List.of(payload)));
  }

  @Test
  void theInstanceIdIsKeptUnsigned() throws Exception {
    fake.registerTask.reply(
        ctx(c -> c.setTaskInstanceId(-1L)).apply(Wire.graphContext().toBuilder()).build());

    assertEquals(
        new TaskInstanceId(-1L),
        cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION).taskInstanceId());
  }
}
