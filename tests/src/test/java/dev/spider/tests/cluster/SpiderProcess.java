package dev.spider.tests.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.tests.LogLines;
import dev.spider.tests.ProcessTrees;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar spider.jar ...} process of a cluster test — a head, a worker, a run — with
 * its stdout and stderr captured line by line for the test to wait on.
 *
 * <p>Owns the process: {@link #close()} kills it and everything it started, so no test leaves a
 * process behind whatever it asserted. Thread-safe for reading the lines; start, signal and close
 * from the test thread.
 */
public final class SpiderProcess implements AutoCloseable {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Duration SLICE = Duration.ofMillis(500);
  private static final Duration EXITED_DRAIN = Duration.ofSeconds(1);

  private final String name;
  private final Process process;
  private final LogLines out = new LogLines();
  private final LogLines err = new LogLines();

  private SpiderProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    out.follow(process.getInputStream(), name + "-stdout");
    err.follow(process.getErrorStream(), name + "-stderr");
  }

  /**
   * Starts {@code spider args...} in {@code workDir} with {@code environment} added to this JVM's.
   */
  public static SpiderProcess start(
      String name, Path workDir, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = TestEnvironment.cliCommand(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    return new SpiderProcess(name, builder.start());
  }

  public LogLines out() {
    return out;
  }

  public LogLines err() {
    return err;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The first stdout line containing {@code text}, or a failure showing both streams. */
  public String awaitOut(String text, Duration within) throws InterruptedException {
    return await(out, "stdout", text, within);
  }

  /** The first stderr line containing {@code text}, or a failure showing both streams. */
  public String awaitErr(String text, Duration within) throws InterruptedException {
    return await(err, "stderr", text, within);
  }

  /**
   * Waits in slices so that a process that has exited fails the wait at once instead of at the
   * deadline (its last lines are read before the final look).
   */
  private String await(LogLines lines, String stream, String text, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      boolean exited = !process.isAlive();
      Optional<String> line = lines.await(text, exited ? EXITED_DRAIN : SLICE);
      if (line.isPresent()) {
        return line.get();
      }
      if (exited) {
        return fail(
            name + " exited with " + process.exitValue() + " " + missing(stream, text, within));
      }
    }
    return fail(missing(stream, text, within));
  }

  /** SIGTERM, as a supervisor stops a service. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL of this process alone: what it started must notice by itself. */
  void kill() {
    process.destroyForcibly();
  }

  /** The exit status, waiting up to {@code within}; a failure when it is still running. */
  public int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(name + " still running after " + within + "\n" + streams());
    }
    return process.exitValue();
  }

  public String streams() {
    return "--- " + name + " stdout:\n" + out.text() + "\n--- " + name + " stderr:\n" + err.text();
  }

  /** The process's descendants now (executors of a worker, their children). */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  private String missing(String stream, String text, Duration within) {
    return name
        + ": no "
        + stream
        + " line with '"
        + text
        + "' within "
        + within
        + "\n"
        + streams();
  }

  /** Kills the process and its descendants and waits for them, bounded. */
  @Override
  public void close() {
    ProcessTrees.kill(process, name, CLOSE_WAIT);
  }
}
