package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.SpiderCli;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spider worker} through the real command line: exit status 2 for a configuration that
 * cannot work, naming the file and the key; warnings before it; exit status 1 on a fatal error.
 */
final class WorkerCommandTest {

  @TempDir Path dir;

  /** What one run printed and returned. */
  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        SpiderCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theCommandIsListed() {
    Run help = run("--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("worker"), help.out());
    Run workerHelp = run("worker", "--help");
    assertEquals(0, workerHelp.status());
    assertTrue(workerHelp.out().contains("--config"), workerHelp.out());
  }

  @Test
  void withoutConfigItIsAUsageError() {
    Run run = run("worker");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("--config"), run.err());
  }

  @Test
  void aMissingFileIsAConfigurationError() {
    Path file = dir.resolve("worker.yaml");
    Run run = run("worker", "--config", file.toString());
    assertEquals(2, run.status());
    assertEquals(
        "spider worker: " + file + ": no such file; pass the worker.yaml with --config\n",
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void aWrongValueNamesTheFileLineAndKeyAndExitsWith2() throws IOException {
    Path file =
        ConfigFiles.write(dir, ConfigFiles.COMPOSE.replace("port: 50052", "port: 99999"), dir);
    Run run = run("worker", "-c", file.toString());
    assertEquals(2, run.status());
    assertTrue(
        run.err()
            .startsWith(
                "spider worker: "
                    + file
                    + ":6: scheduler.port: must be an integer from 1 to 65535"),
        run.err());
  }

  @Test
  void warningsComeFirstThenTheError() throws IOException {
    String text =
        ConfigFiles.COMPOSE.replace(
                "task_executor:\n", "task_executor:\n  bin_path: " + dir.resolve("nope") + "\n")
            + "jvm:\n  heapsize: 1g\n";
    Path file = ConfigFiles.write(dir, text, dir);
    Run run = run("worker", "--config", file.toString());
    assertEquals(2, run.status());
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(
        lines.get(0).startsWith("spider worker: warning: " + file + ":18: jvm.heapsize: unknown"),
        run.err());
    assertTrue(
        lines.get(1).startsWith("spider worker: " + file + ":13: task_executor.bin_path: "),
        run.err());
  }

  @Test
  void unknownKeysWarnOnStderr() throws Exception {
    String text = ConfigFiles.COMPOSE.replace("storage:\n", "storage:\n  tls: true\n");
    // An unreachable cluster ends the run right after the configuration was read.
    int port = closedPort();
    text = text.replace("50051", "" + port).replace("50052", "" + port);
    text = text.replace("spider-storage", "127.0.0.1").replace("spider-scheduler", "127.0.0.1");
    Path file = ConfigFiles.write(dir, text, dir);
    Run run = run("worker", "--config", file.toString(), "--log-level", "error");
    assertEquals(1, run.status(), run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(
        "spider worker: warning: "
            + file
            + ":2: storage.tls: unknown key, ignored (upstream"
            + " ignores it too); the keys are listed in docs/cli.md (spider worker)",
        lines.get(0));
    assertTrue(lines.get(lines.size() - 1).startsWith("spider worker: cannot "), run.err());
  }

  @Test
  void aBadLogLevelIsAUsageError() throws IOException {
    Path file = ConfigFiles.write(dir, ConfigFiles.COMPOSE, dir);
    Run run = run("worker", "--config", file.toString(), "--log-level", "loud");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("--log-level loud is not one of"), run.err());
  }

  @Test
  void aFatalRuntimeErrorExitsWith1AfterSayingGoodbye() throws Exception {
    try (FakeCluster cluster = new FakeCluster()) {
      cluster.onRegisterTaskInstance(
          request -> {
            throw Status.INTERNAL
                .withDescription("storage service internal error")
                .asRuntimeException();
          });
      Path file =
          Files.writeString(
              dir.resolve("worker.yaml"),
              ConfigFiles.forCluster(cluster.port(), Bundled.launcher(dir), Bundled.packages(dir)));
      ExecutorService background = Executors.newSingleThreadExecutor();
      try {
        Future<Run> worker =
            background.submit(
                () -> run("worker", "--config", file.toString(), "--log-level", "warn"));
        cluster.await("RegisterExecutionManager");
        cluster.assign(Scripts.ASSIGNMENT);
        Run run = worker.get(FakeCluster.DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("spider worker: the execution manager stopped: "), run.err());
        // Storage failed on the registration: the assignment is left unacknowledged (as upstream),
        // so the scheduler hands it out again once this worker has said goodbye.
        ShutdownRequest goodbye = (ShutdownRequest) cluster.await("Shutdown").request();
        assertEquals(List.of(), goodbye.getPrevAssignmentsList());
      } finally {
        background.shutdownNow();
      }
    }
  }

  @Test
  void anUnreachableClusterExitsWith1() throws Exception {
    int port = closedPort();
    String text =
        ConfigFiles.COMPOSE
            .replace("spider-storage", "127.0.0.1")
            .replace("spider-scheduler", "127.0.0.1")
            .replace("50051", "" + port)
            .replace("50052", "" + port);
    Path file = ConfigFiles.write(dir, text, dir);
    Run run = run("worker", "--config", file.toString(), "--log-level", "error");
    assertEquals(1, run.status(), run.err());
    assertTrue(run.err().startsWith("spider worker: cannot "), run.err());
  }

  /** A port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
