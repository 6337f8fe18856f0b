package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.cluster.proto.storage.RegisterExecutionManagerRequest;
import dev.spider.cluster.proto.storage.RegisterTaskInstanceRequest;
import dev.spider.cluster.proto.storage.ReportTaskSuccessRequest;
import dev.spider.manager.runtime.Termination;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker against a scripted cluster over real gRPC, with a real executor: the calls upstream's
 * execution manager makes, in its order — registration first, the scheduler {@code Shutdown} with
 * the pending acknowledgements last — executor output forwarded with its prefix, and liveness
 * refreshed at once on a stale session.
 */
final class WorkerClusterTest {

  @TempDir Path dir;

  private FakeCluster cluster;
  private WorkerConfig config;
  private Path executorJar;
  private final WatchedText stdout = new WatchedText();

  @BeforeEach
  void startCluster() throws Exception {
    cluster = new FakeCluster();
    String text =
        ConfigFiles.forCluster(cluster.port(), Bundled.launcher(dir), Bundled.packages(dir));
    config = WorkerConfigReader.parse(dir.resolve("worker.yaml"), text, warning -> {});
    executorJar = ((ExecutorSource.Launcher) config.taskExecutor().executor()).jar();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void registersFirstRunsTasksAndSaysGoodbyeWithThePendingAcknowledgement() throws Exception {
    cluster.onRegisterTaskInstance(request -> Scripts.PRINT_TASK);
    Worker worker = Worker.start(config, executorJar, new ExecutorOutput(stdout.printer()));
    try {
      FakeCluster.Call first = cluster.await("any call", call -> true);
      assertEquals("RegisterExecutionManager", first.method(), cluster.history().toString());
      assertEquals("0.0.0.0", ((RegisterExecutionManagerRequest) first.request()).getIpAddress());

      cluster.assign(Scripts.ASSIGNMENT);
      RegisterTaskInstanceRequest registration =
          (RegisterTaskInstanceRequest) cluster.await("RegisterTaskInstance").request();
      assertEquals(Scripts.JOB_ID, registration.getJobId());
      assertEquals(FakeCluster.EM_ID, registration.getExecutionManagerId());
      assertEquals(1, registration.getSessionId());

      ReportTaskSuccessRequest report =
          (ReportTaskSuccessRequest) cluster.await("ReportTaskSuccess").request();
      assertEquals(Scripts.INSTANCE_ID, report.getTaskInstanceId());
      stdout.awaitContains("[executor-1] " + Scripts.PRINTED + System.lineSeparator());

      // The poll after the registration acknowledges the assignment (it may come before the
      // report); the scheduler holds that poll for a minute.
      cluster.awaitEver(
          "NextTask acknowledging the assignment",
          call ->
              call.request() instanceof NextTaskRequest next
                  && next.hasPrevAssignment()
                  && next.getPrevAssignment().equals(Scripts.ACK));
    } finally {
      worker.close();
    }
    ShutdownRequest goodbye = (ShutdownRequest) cluster.await("Shutdown").request();
    assertEquals(FakeCluster.EM_ID, goodbye.getExecutionManagerId());
    assertEquals(
        List.of(Scripts.ACK),
        goodbye.getPrevAssignmentsList(),
        "the acknowledgement whose poll the stop cut short goes with the goodbye");
    assertInstanceOf(Termination.Stopped.class, worker.termination().orElseThrow());
    assertEquals(WorkerExit.STOPPED, WorkerExit.of(worker.termination().orElseThrow()));
  }

  @Test
  void aStaleSessionRefreshesLivenessAtOnce() throws Exception {
    cluster.onRegisterTaskInstance(
        request -> {
          cluster.session(2);
          throw Status.NOT_FOUND
              .withDescription("stale session; current storage session is 2")
              .asRuntimeException();
        });
    Worker worker = Worker.start(config, executorJar, new ExecutorOutput(stdout.printer()));
    try {
      cluster.assign(Scripts.ASSIGNMENT);
      cluster.await("RegisterTaskInstance");
      // Regular heartbeats are an hour apart: a heartbeat now is the refresh.
      cluster.await("UpdateExecutionManagerHeartbeat");
    } finally {
      worker.close();
    }
    ShutdownRequest goodbye = (ShutdownRequest) cluster.await("Shutdown").request();
    assertEquals(FakeCluster.EM_ID, goodbye.getExecutionManagerId());
    assertEquals(
        List.of(Scripts.ACK),
        goodbye.getPrevAssignmentsList(),
        "the dropped assignment is acknowledged, as upstream does");
  }
}
