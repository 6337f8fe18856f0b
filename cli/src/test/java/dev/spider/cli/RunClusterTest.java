package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.submit.FakeStorage;
import dev.spider.cluster.proto.storage.JobState;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spider run --storage}: the whole command against a scripted storage on a loopback port,
 * its output, errors and exit statuses.
 */
final class RunClusterTest {

  private final FakeStorage storage = new FakeStorage();
  private Server server;
  private String address;
  @TempDir Path dir;
  private Path fanout;

  @BeforeEach
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(storage.jobs())
            .addService(storage.groups())
            .build()
            .start();
    address = "127.0.0.1:" + server.getPort();
    fanout = bundled("fanout.json");
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow();
    assertTrue(server.awaitTermination(10, TimeUnit.SECONDS), "server terminated");
  }

  private Path bundled(String name) throws Exception {
    Path file = dir.resolve(name);
    try (InputStream in =
        RunClusterTest.class.getResourceAsStream("/dev/spider/cli/jobs/" + name)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** The exit status, stdout and stderr of {@code spider args...}. */
  private record Run(int status, String out, String err) {}

  private static Run spider(String... args) {
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

  private void succeedWithTotal() {
    storage
        .states(JobState.RUNNING, JobState.SUCCEEDED)
        .outputs(SerializedTaskOutputs.encodePlain(List.of(HexFormat.of().parseHex("ce000ad7f7"))));
  }

  @Test
  void printsTheOutputsAsALocalRunDoes() {
    succeedWithTotal();

    Run run = spider("run", "--storage", address, fanout.toString());

    assertEquals(0, run.status(), run.err());
    // stdout is not a terminal here: progress goes to stderr, the result alone to stdout.
    assertTrue(
        run.err()
            .contains("fanout: 0 done, 7 running, 0 failed, 0 skipped or cancelled of 7 tasks"),
        run.err());
    assertTrue(
        run.err()
            .contains("fanout: 7 done, 0 running, 0 failed, 0 skipped or cancelled of 7 tasks"),
        run.err());
    assertTrue(run.out().lines().noneMatch(l -> l.startsWith("fanout: ")), run.out());
    assertTrue(run.out().contains("job 'fanout' succeeded in "), run.out());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(
                l -> l.startsWith("total ") && l.contains("succeeded") && l.contains("[710647]")),
        run.out());
    assertTrue(run.err().lines().allMatch(l -> l.startsWith("fanout: ")), run.err());
  }

  @Test
  void printsJson() throws Exception {
    succeedWithTotal();

    Run run =
        spider("run", "--json", "--storage", address, "--resource-group", "5", fanout.toString());

    assertEquals(0, run.status(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals("succeeded", json.get("state").asText());
    assertEquals(42, json.get("job_id").asLong(), json::toString);
    assertTrue(json.get("job_id").isIntegralNumber(), json::toString);
    JsonNode total = json.get("tasks").get(6);
    assertEquals("total", total.get("name").asText());
    assertEquals(710647, total.get("outputs").get(0).asLong());
    assertEquals(
        List.of("RegisterJob", "StartJob", "GetJobState", "GetJobState", "GetJobOutputs"),
        storage.calls());
    assertEquals(5, storage.registered().getResourceGroupId());
  }

  @Test
  void aFailedJobPrintsStoragesErrorAndExitsOne() {
    storage.states(JobState.FAILED).error("in-task failure: boom");

    Run run = spider("run", "--storage", address, fanout.toString());

    assertEquals(1, run.status());
    assertTrue(run.out().contains("job 'fanout' failed in "), run.out());
    assertTrue(run.out().contains(": in-task failure: boom"), run.out());
  }

  @Test
  void refusesAJobTheGraphCannotExpressBeforeSubmitting() throws Exception {
    Path failures = bundled("failures.json");

    Run run = spider("run", "--storage", address, failures.toString());

    assertEquals(2, run.status());
    assertEquals(
        "spider: "
            + failures
            + ": job 'failures' cannot run on a cluster: \"on_failure\": \"continue_independent\""
            + " has no upstream equivalent: a cluster always fails a job fast at its first task"
            + " failing for good; remove on_failure (or set \"fail_fast\"), or run the job locally"
            + System.lineSeparator(),
        run.err());
    assertEquals(List.of(), storage.calls(), "nothing sent");
  }

  @Test
  void refusesMisusedOptions() {
    Run badAddress = spider("run", "--storage", "nowhere", fanout.toString());
    assertEquals(2, badAddress.status());
    assertTrue(
        badAddress.err().startsWith("spider: --storage: storage address \"nowhere\""),
        badAddress.err());

    Run local = spider("run", "--storage", address, "--executors", "2", fanout.toString());
    assertEquals(2, local.status());
    assertTrue(local.err().contains("--packages and --executors are for local runs"), local.err());

    Run group = spider("run", "--resource-group", "3", fanout.toString());
    assertEquals(2, group.status());
    assertTrue(group.err().contains("--resource-group needs --storage HOST:PORT"), group.err());

    Run badGroup = spider("run", "--storage", address, "--resource-group", "x", fanout.toString());
    assertEquals(2, badGroup.status());
    assertTrue(
        badGroup.err().contains("--resource-group x is not a resource group id"), badGroup.err());

    Run noPackages = spider("run", fanout.toString());
    assertEquals(2, noPackages.status());
    assertTrue(noPackages.err().contains("no package directory"), noPackages.err());
    assertEquals(List.of(), storage.calls());
  }

  @Test
  void anUnreachableStorageExitsOneSayingWhatToCheck() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Run run = spider("run", "--storage", "127.0.0.1:" + closedPort, fanout.toString());

    assertEquals(1, run.status());
    assertTrue(run.err().startsWith("spider: AddResourceGroup(\"spider-cli-"), run.err());
    assertTrue(run.err().contains("failed: UNAVAILABLE"), run.err());
    assertTrue(
        run.err().contains("check that a spider head or upstream's spider-storage listens there"),
        run.err());
  }
}
