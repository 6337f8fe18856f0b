package dev.spider.cli.head;

import dev.spider.cli.DurationConverter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spider head}: serves an embedded cluster as Spider's storage and scheduler services
 * ({@link Head}) until SIGINT or SIGTERM. On start it prints {@code storage listening on ADDR:PORT}
 * and {@code scheduler listening on ADDR:PORT}. Exit 0 once stopped; 1 when a service cannot
 * listen; 2 for a bad flag (the CLI's statuses).
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "head",
    mixinStandardHelpOptions = true,
    description = {
      "Serve an in-memory cluster as Spider's storage and scheduler gRPC services, for workers"
          + " ('spider worker') and clients ('spider run --storage').",
      "A single in-memory process for development, CI and small Java-only fleets: nothing"
          + " survives it, and it is not a replacement for Spider's storage and scheduler in"
          + " production (docs/cluster.md).",
      "Runs until SIGINT or SIGTERM."
    })
public final class HeadCommand implements Callable<Integer> {

  /** The CLI's status for a command that could not do its job (here: a service cannot listen). */
  static final int FAILED = 1;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "the address both services listen on; 0.0.0.0 for every interface"
              + " (default: ${DEFAULT-VALUE})")
  String bind = "127.0.0.1";

  @Option(
      names = "--storage-port",
      paramLabel = "PORT",
      description = "the storage services' port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int storagePort = HeadConfig.DEFAULT_STORAGE_PORT;

  @Option(
      names = "--scheduler-port",
      paramLabel = "PORT",
      description = "the scheduler service's port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int schedulerPort = HeadConfig.DEFAULT_SCHEDULER_PORT;

  @Option(
      names = "--liveness-cutoff",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "an execution manager silent for longer is dead: its task instances are reaped and its"
              + " tasks queued again, without charging a retry; e.g. 5s (default: 60s, upstream's)")
  Duration livenessCutoff = HeadConfig.DEFAULT_LIVENESS_CUTOFF;

  @Option(
      names = {"-v", "--verbose"},
      description = "log what the head does, on stderr")
  boolean verbose;

  @Spec CommandSpec spec;

  private final StopSignal stop;

  /** The command as the CLI runs it: it stops on SIGINT or SIGTERM. */
  public HeadCommand() {
    this(new JvmShutdownSignal());
  }

  /** The command stopping when {@code stop} says so. */
  HeadCommand(StopSignal stop) {
    this.stop = Objects.requireNonNull(stop, "stop");
  }

  @Override
  public Integer call() throws InterruptedException {
    HeadConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    Head head;
    try {
      head = Head.start(config);
    } catch (CannotListenException e) {
      spec.commandLine().getErr().println("spider: " + e.getMessage());
      stop.closed();
      return FAILED;
    }
    try {
      out.println("storage listening on " + Head.format(head.storageAddress()));
      out.println("scheduler listening on " + Head.format(head.schedulerAddress()));
      out.flush();
      stop.await();
    } finally {
      head.close();
      stop.closed();
    }
    return 0;
  }

  private HeadConfig config() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--bind " + bind + " is not an address of this machine: use an IP address, e.g. 0.0.0.0");
    }
    try {
      return new HeadConfig(address, storagePort, schedulerPort, livenessCutoff);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
