package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.SpiderCli;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spider worker} as its own process, stopped by a real signal as a supervisor stops it:
 * registration first, executor output on stdout with its prefix, and on SIGTERM or SIGINT a
 * graceful stop ending with the scheduler {@code Shutdown} and exit status 0.
 */
final class WorkerProcessTest {

  @org.junit.jupiter.api.io.TempDir Path dir;

  private FakeCluster cluster;
  private Process worker;

  @BeforeEach
  void startCluster() throws IOException {
    cluster = new FakeCluster();
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    if (worker != null && worker.isAlive()) {
      worker.destroyForcibly();
      worker.waitFor(FakeCluster.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    cluster.close();
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalStopsItGracefullyWithExitStatus0(String signal) throws Exception {
    cluster.onRegisterTaskInstance(request -> Scripts.PRINT_TASK);
    Path config =
        Files.writeString(
            dir.resolve("worker.yaml"),
            ConfigFiles.forCluster(cluster.port(), Bundled.launcher(dir), Bundled.packages(dir)));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    worker =
        new ProcessBuilder(
                // Started with SIGINT and SIGTERM at their defaults, as a supervisor starts it: a
                // test JVM that is itself a background job of a non-interactive shell (`.ci/run &`)
                // ignores SIGINT, its children inherit that, and a JVM started so never sees it.
                // (GNU coreutils 8.31+; the tests module's SpiderChild does the same.)
                "/usr/bin/env",
                "--default-signal=INT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SpiderCli.class.getName(),
                "worker",
                "--config",
                config.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();

    FakeCluster.Call first = cluster.await("any call", call -> true);
    assertEquals("RegisterExecutionManager", first.method(), cluster.history().toString());
    cluster.assign(Scripts.ASSIGNMENT);
    cluster.await("ReportTaskSuccess");
    cluster.awaitEver(
        "NextTask acknowledging the assignment",
        call ->
            call.request() instanceof NextTaskRequest next
                && next.getPrevAssignment().equals(Scripts.ACK));

    signal(signal);
    assertTrue(
        worker.waitFor(FakeCluster.DEADLINE.toSeconds(), TimeUnit.SECONDS),
        "the worker did not stop within " + FakeCluster.DEADLINE);

    String err = Files.readString(stderr);
    assertEquals(0, worker.exitValue(), err);
    ShutdownRequest goodbye = (ShutdownRequest) cluster.await("Shutdown").request();
    assertEquals(List.of(Scripts.ACK), goodbye.getPrevAssignmentsList(), err);
    assertTrue(err.contains("spider worker: stopped on a signal (exit status 0)"), err);
    assertTrue(
        Files.readAllLines(stdout).contains("[executor-1] " + Scripts.PRINTED),
        "executor output on stdout: " + Files.readString(stdout));
  }

  private void signal(String signal) throws IOException, InterruptedException {
    if (signal.equals("TERM")) {
      worker.destroy(); // SIGTERM, what docker stop and compose send
      return;
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(worker.pid())).start();
    assertTrue(kill.waitFor(FakeCluster.DEADLINE.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue(), "kill -" + signal);
  }
}
