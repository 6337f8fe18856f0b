package dev.spider.cli.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.SpiderCli;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.storage.SessionManagementServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code spider head}: flags, what it prints, serving until told to stop, and its exit statuses.
 */
final class HeadCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile(
          "storage listening on 127\\.0\\.0\\.1:(\\d+)\\n"
              + "scheduler listening on 127\\.0\\.0\\.1:(\\d+)\\n");

  /** A stop signal a test controls; it also tells when the head is serving. */
  private static final class TestSignal implements StopSignal {
    final CountDownLatch serving = new CountDownLatch(1);
    final CountDownLatch stop = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void await() throws InterruptedException {
      serving.countDown();
      stop.await(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void closed() {
      closed.countDown();
    }
  }

  @Test
  void itPrintsWhereItListensServesUntilStoppedAndExitsZero() throws Exception {
    TestSignal signal = new TestSignal();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new HeadCommand(signal));
    cli.setOut(new PrintWriter(out, true));
    long startedAfter = System.currentTimeMillis();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "--storage-port", "0", "--scheduler-port", "0", "--liveness-cutoff", "5s"));
    assertTrue(signal.serving.await(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

    Matcher m = LISTENING.matcher(out.toString());
    assertTrue(m.matches(), out.toString());
    int storagePort = Integer.parseInt(m.group(1));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), storagePort))
            .usePlaintext()
            .build();
    try {
      long session =
          SessionManagementServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .getSession(Void.getDefaultInstance())
              .getSessionId();
      assertTrue(
          session >= startedAfter && session <= System.currentTimeMillis(),
          () -> "session " + session + " is not the head's start time");
    } finally {
      channel
          .shutdownNow()
          .awaitTermination(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    signal.stop.countDown();
    assertEquals(0, exit.get(HeadFixture.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(0, signal.closed.getCount(), "the head closed before the command returned");
    try (ServerSocket again = new ServerSocket(storagePort, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(storagePort, again.getLocalPort(), "the storage port is free again");
    }
  }

  @Test
  void theCliListsTheCommand() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, SpiderCli.run(new String[] {"--help"}, outStream, errStream), err.toString());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("head"), out.toString());
    out.reset();
    assertEquals(
        0, SpiderCli.run(new String[] {"head", "--help"}, outStream, errStream), err.toString());
    String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (String flag :
        List.of("--bind", "--storage-port", "--scheduler-port", "--liveness-cutoff")) {
      assertTrue(help.contains(flag), help);
    }
    assertTrue(help.contains("not a replacement for Spider's storage and scheduler"), help);
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertUsageError("'abc' is not a duration", "--liveness-cutoff", "abc");
    assertUsageError("not a positive duration", "--liveness-cutoff", "0s");
    assertUsageError("0 to 65535", "--storage-port", "70000");
    assertUsageError("need a port each", "--storage-port", "50999", "--scheduler-port", "50999");
    assertUsageError("--bind no-such-host.invalid", "--bind", "no-such-host.invalid");
  }

  /** Runs the command as picocli does; the CLI ({@code SpiderCli}) keeps picocli's statuses. */
  private static int run(StringWriter out, StringWriter err, String... args) {
    TestSignal signal = new TestSignal();
    signal.stop.countDown(); // should it start serving, it stops at once
    CommandLine cli = new CommandLine(new HeadCommand(signal));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static void assertUsageError(String expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = run(out, err, args);
    assertEquals(2, status, err.toString());
    assertTrue(err.toString().contains(expected), err.toString());
    assertEquals("", out.toString(), "nothing started, nothing printed");
  }

  @Test
  void aTakenPortFailsWithStatusOneAndNamesTheService() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status =
          run(
              out,
              err,
              "--storage-port",
              "0",
              "--scheduler-port",
              String.valueOf(taken.getLocalPort()));
      String errors = err.toString();
      assertEquals(1, status, errors);
      assertTrue(
          errors.contains("cannot listen for scheduler on 127.0.0.1:" + taken.getLocalPort()),
          errors);
      assertTrue(errors.contains("--scheduler-port"), errors);
    }
  }
}
