package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static dev.spider.manager.grpc.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.tdl.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GrpcSchedulerClient} against a fake scheduler: the long poll's request (checked against
 * upstream's golden bytes), assignments and their acknowledgements, malformed replies, shutdown.
 */
final class SchedulerClientTest {

  private final FakeCluster fake = FakeCluster.inProcess();
  private final GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener());

  SchedulerClientTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    cluster.close();
    fake.close();
  }

  @Test
  void theLongPollIsTheGoldenRequest() throws Exception {
    fake.nextTask.reply(Wire.noTask());

    cluster
        .scheduler()
        .nextTask(
            new ExecutionManagerId(5),
            Optional.of(new ConsumedAssignment(new AssignmentId(7), new SchedulerId(9))),
            Duration.ofMillis(1000));

    // scheduler.NextTaskRequest{execution_manager_id: 5, prev_assignment: {id: 7, from: 9},
    // wait_time_ms: 1000}, as upstream's protobuf writes it (docs/cluster.md).
    assertArrayEquals(
        hex("08 05 12 04 08 07 10 09 18 e8 07"),
        fake.nextTask.next(EVENT_WAIT).request().toByteArray());
  }

  @Test
  void noAcknowledgementLeavesPrevAssignmentOut() throws Exception {
    fake.nextTask.reply(Wire.noTask());

    assertEquals(
        Optional.empty(), cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ZERO));

    NextTaskRequest sent = fake.nextTask.next(EVENT_WAIT).request();
    assertFalse(sent.hasPrevAssignment());
    assertEquals(0, sent.getWaitTimeMs());
  }

  @Test
  void anAssignmentIsReadWithItsIdsUnsigned() throws Exception {
    fake.nextTask.reply(
        NextTaskResponse.newBuilder()
            .setAssignment(
                SchedulerAssignment.newBuilder()
                    .setId(-1L)
                    .setResourceGroupId(-2L)
                    .setJobId(-3L)
                    .setTaskId(
                        dev.spider.cluster.proto.common.TaskId.newBuilder().setCleanup(Wire.done()))
                    .setSchedulerId(-4L)
                    .setSessionId(-5L))
            .build());

    assertEquals(
        Optional.of(
            new TaskAssignment(
                new AssignmentId(-1L),
                new ResourceGroupId(-2L),
                new dev.spider.manager.client.JobId(-3L),
                TaskId.CLEANUP,
                new dev.spider.manager.client.SessionId(-5L),
                new SchedulerId(-4L))),
        cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ofMillis(10)));
  }

  @Test
  void graphTaskIndexZeroAndTheCommitTaskAreRead() throws Exception {
    fake.nextTask.reply(Wire.assignment(1)).reply(withTask(Wire.assignment(2), commit()));
    NextTaskResponse indexZero =
        withTask(
            Wire.assignment(3),
            dev.spider.cluster.proto.common.TaskId.newBuilder().setIndex(0).build());
    fake.nextTask.reply(indexZero);

    assertEquals(
        new TaskAssignment(
            new AssignmentId(1),
            new ResourceGroupId(1),
            JOB,
            TaskId.index(3),
            SESSION,
            new SchedulerId(4)),
        poll());
    assertEquals(TaskId.COMMIT, poll().taskId());
    assertEquals(TaskId.index(0), poll().taskId());
  }

  @Test
  void malformedRepliesAreProtocolErrors() {
    assertMalformed(NextTaskResponse.getDefaultInstance(), "result not set");
    assertMalformed(
        NextTaskResponse.newBuilder()
            .setAssignment(Wire.assignment(6).getAssignment().toBuilder().clearTaskId())
            .build(),
        "assignment 6 has no task_id");
    assertMalformed(
        withTask(Wire.assignment(8), dev.spider.cluster.proto.common.TaskId.getDefaultInstance()),
        "the task_id of assignment 8 has no kind");
  }

  @Test
  void aNegativeWaitIsACallerBug() {
    assertThrows(
        IllegalArgumentException.class,
        () -> cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ofMillis(-1)));
  }

  @Test
  void shutdownCarriesEveryPendingAcknowledgement() throws Exception {
    fake.shutdown.reply(Wire.done());

    cluster
        .scheduler()
        .shutdown(
            EM,
            List.of(
                new ConsumedAssignment(new AssignmentId(1), new SchedulerId(4)),
                new ConsumedAssignment(new AssignmentId(-1L), new SchedulerId(-4L))));

    ShutdownRequest sent = fake.shutdown.next(EVENT_WAIT).request();
    assertEquals(EM.value(), sent.getExecutionManagerId());
    assertEquals(
        List.of(
            TaskAssignmentRecord.newBuilder().setId(1).setFrom(4).build(),
            TaskAssignmentRecord.newBuilder().setId(-1L).setFrom(-4L).build()),
        sent.getPrevAssignmentsList());
  }

  @Test
  void theHeartbeatNamesTheExecutionManager() throws Exception {
    fake.schedulerHeartbeat.reply(Wire.done());

    cluster.scheduler().heartbeat(new ExecutionManagerId(-1L));

    assertEquals(-1L, fake.schedulerHeartbeat.next(EVENT_WAIT).request().getExecutionManagerId());
  }

  private TaskAssignment poll() throws Exception {
    return cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ZERO).orElseThrow();
  }

  private void assertMalformed(NextTaskResponse reply, String what) {
    fake.nextTask.reply(reply);
    SchedulerProtocolException e =
        assertThrows(
            SchedulerProtocolException.class,
            () -> cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ZERO));
    assertTrue(e.getMessage().startsWith("nextTask(em 2): malformed reply"), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  private static dev.spider.cluster.proto.common.TaskId commit() {
    return dev.spider.cluster.proto.common.TaskId.newBuilder().setCommit(Wire.done()).build();
  }

  private static NextTaskResponse withTask(
      NextTaskResponse reply, dev.spider.cluster.proto.common.TaskId taskId) {
    return reply.toBuilder()
        .setAssignment(reply.getAssignment().toBuilder().setTaskId(taskId))
        .build();
  }
}
