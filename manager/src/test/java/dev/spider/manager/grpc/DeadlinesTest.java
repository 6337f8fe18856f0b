package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.EVENT_WAIT;
import static dev.spider.manager.grpc.Wire.INSTANCE;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.HostAndPort;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every call carries a deadline: the long poll its wait plus the call deadline, the task
 * registration the long registration deadline, everything else the call deadline. Checked on the
 * deadline the server sees, then on calls that really time out.
 */
final class DeadlinesTest {

  /** Slack for the time between sending a call and the server reading its deadline. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  private final FakeCluster fake = FakeCluster.inProcess();

  @AfterEach
  void close() throws Exception {
    fake.close();
  }

  @Test
  void eachCallCarriesItsDeadline() throws Exception {
    try (GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener())) {
      fake.nextTask.reply(Wire.noTask());
      cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ofSeconds(20));
      assertDeadline(
          Duration.ofSeconds(27), fake.nextTask.next(EVENT_WAIT), "long poll: 20 s + 7 s");

      fake.registerTask.reply(Wire.graphContext());
      cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION);
      assertDeadline(
          Wire.REGISTRATION_DEADLINE, fake.registerTask.next(EVENT_WAIT), "registration");

      fake.schedulerHeartbeat.reply(Wire.done());
      cluster.scheduler().heartbeat(EM);
      assertDeadline(Wire.CALL_DEADLINE, fake.schedulerHeartbeat.next(EVENT_WAIT), "heartbeat");

      fake.shutdown.reply(Wire.done());
      cluster.scheduler().shutdown(EM, java.util.List.of());
      assertDeadline(Wire.CALL_DEADLINE, fake.shutdown.next(EVENT_WAIT), "shutdown");

      fake.reportSuccess.reply(Wire.done());
      cluster
          .storage()
          .reportTaskSuccess(
              JOB, TaskId.index(1), INSTANCE, EM, SESSION, Optional.of(TaskOutputs.empty()));
      assertDeadline(Wire.CALL_DEADLINE, fake.reportSuccess.next(EVENT_WAIT), "success");

      fake.reportFailure.reply(Wire.done());
      cluster
          .storage()
          .reportTaskFailure(
              JOB, TaskId.index(1), INSTANCE, EM, SESSION, TaskFailure.environmental("x"));
      assertDeadline(Wire.CALL_DEADLINE, fake.reportFailure.next(EVENT_WAIT), "failure");

      fake.registerEm.reply(
          dev.spider.cluster.proto.storage.RegisterExecutionManagerResponse.newBuilder()
              .setRegistration(
                  dev.spider.cluster.proto.storage.ExecutionManagerRegistration
                      .getDefaultInstance())
              .build());
      cluster.liveness().register(InetAddress.getLoopbackAddress());
      assertDeadline(Wire.CALL_DEADLINE, fake.registerEm.next(EVENT_WAIT), "register");

      fake.emHeartbeat.reply(
          dev.spider.cluster.proto.storage.UpdateExecutionManagerHeartbeatResponse
              .getDefaultInstance());
      cluster.liveness().heartbeat(EM);
      assertDeadline(Wire.CALL_DEADLINE, fake.emHeartbeat.next(EVENT_WAIT), "liveness heartbeat");
    }
  }

  @Test
  void aCallThatOutlivesItsDeadlineIsATransportErrorThatMayHaveArrived() throws Exception {
    GrpcClusterConfig quick =
        new GrpcClusterConfig(
            HostAndPort.fromParts("storage.test", 1),
            HostAndPort.fromParts("scheduler.test", 2),
            1,
            false,
            GrpcClusterConfig.UPSTREAM_MAX_MESSAGE_BYTES,
            GrpcClusterConfig.DEFAULT_INBOUND_MAX_MESSAGE_BYTES,
            Duration.ofMillis(300),
            Duration.ofMillis(400));
    try (GrpcCluster cluster = GrpcCluster.connect(quick, fake.opener())) {
      fake.registerTask.hang();
      long start = System.nanoTime();
      TransportException e =
          assertThrows(
              TransportException.class,
              () -> cluster.storage().registerTaskInstance(JOB, TaskId.index(1), EM, SESSION));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(TransportException.Arrival.MAY_HAVE_ARRIVED, e.arrival());
      assertTrue(e.getMessage().contains("DEADLINE_EXCEEDED"), e.getMessage());
      assertTrue(took.compareTo(Duration.ofMillis(400)) >= 0, "the registration deadline: " + took);

      // The long poll's deadline is its wait plus the call deadline: a 500 ms poll is not cut at
      // 300 ms.
      fake.nextTask.hang();
      start = System.nanoTime();
      assertThrows(
          TransportException.class,
          () -> cluster.scheduler().nextTask(EM, Optional.empty(), Duration.ofMillis(500)));
      took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofMillis(800)) >= 0, "500 ms + 300 ms: " + took);
    }
  }

  private static void assertDeadline(
      Duration expected, Scripted.Received<?> received, String what) {
    Duration seen = received.deadline().orElseThrow(() -> new AssertionError(what + ": none"));
    assertTrue(
        seen.compareTo(expected) <= 0 && seen.compareTo(expected.minus(SLACK)) > 0,
        what + ": expected about " + expected + ", the server saw " + seen);
  }
}
