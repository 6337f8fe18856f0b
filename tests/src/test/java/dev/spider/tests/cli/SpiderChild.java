package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.tests.LogLines;
import dev.spider.tests.ProcessTrees;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar spider.jar ...} child process, the real command line as a user runs it, with
 * its stdout and stderr captured line by line, and signals sent as a terminal or a supervisor sends
 * them.
 *
 * <p>The child starts under {@code env --default-signal=INT,TERM} where {@code env} has that option
 * (GNU coreutils 8.31+): a JVM started with SIGINT ignored — as anything started in the background
 * of a non-interactive shell is, and its children inherit — never sees Ctrl-C, so without it the
 * test would depend on how its own JVM was started.
 *
 * <p>Owns the process: {@link #close()} kills it and everything it started. Thread-safe for reading
 * the lines; start, signal and close from the test thread.
 */
final class SpiderChild implements AutoCloseable {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Duration FOLLOWER_WAIT = Duration.ofSeconds(10);
  private static final Path ENV = Path.of("/usr/bin/env");

  private final Process process;
  private final LogLines out = new LogLines();
  private final LogLines err = new LogLines();
  private final List<Thread> followers;

  private SpiderChild(Process process) {
    this.process = process;
    this.followers =
        List.of(
            out.follow(process.getInputStream(), "spider-child-stdout"),
            err.follow(process.getErrorStream(), "spider-child-stderr"));
  }

  static SpiderChild start(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (defaultSignalsSupported()) {
      command.add(ENV.toString());
      command.add("--default-signal=INT,TERM");
    }
    command.addAll(TestEnvironment.cliCommand(args));
    return new SpiderChild(
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start());
  }

  private static boolean defaultSignalsSupported() throws IOException, InterruptedException {
    if (!Files.isExecutable(ENV)) {
      return false;
    }
    Process probe =
        new ProcessBuilder(ENV.toString(), "--default-signal=INT,TERM", "true")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!probe.waitFor(10, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      return false;
    }
    return probe.exitValue() == 0;
  }

  LogLines out() {
    return out;
  }

  LogLines err() {
    return err;
  }

  /** Sends {@code SIG<name>} (INT, TERM) to the JVM, as Ctrl-C or a supervisor would. */
  void signal(String name) throws IOException, InterruptedException {
    // The JVM, not env: env execs it, so they are one process.
    Process kill =
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      fail("kill -" + name + " " + process.pid() + " failed\n" + streams());
    }
  }

  /** The first stderr line containing {@code text}, or a failure showing both streams. */
  String awaitErr(String text, Duration within) throws InterruptedException {
    Optional<String> line = err.await(text, within);
    return line.orElseGet(() -> fail("no stderr line with '" + text + "'\n" + streams()));
  }

  /**
   * The exit status, waiting up to {@code within}; a failure when it is still running. Once it
   * returns, {@link #out()} and {@link #err()} hold everything the process wrote.
   */
  int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("spider still running after " + within + "\n" + streams());
    }
    for (Thread follower : followers) {
      follower.join(FOLLOWER_WAIT.toMillis());
      if (follower.isAlive()) {
        fail(follower.getName() + " still reading " + FOLLOWER_WAIT + " after the exit");
      }
    }
    return process.exitValue();
  }

  /** The process's live descendants now (executors, their children). */
  List<ProcessHandle> descendants() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  String streams() {
    return "--- stdout:\n" + out.text() + "\n--- stderr:\n" + err.text();
  }

  /** Kills the process and its descendants and waits for them, bounded. */
  @Override
  public void close() {
    ProcessTrees.kill(process, "spider", CLOSE_WAIT);
  }
}
