package dev.spider.tests.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A manager in a JVM of its own, for the tests of what happens when a manager dies: it runs one of
 * the tests' holder mains (arguments: executor jar, package directory), which prints one line,
 * {@code <prefix><pid> <pid>...}, once the processes it wants watched are in place, then waits to
 * be killed.
 *
 * <p>Closing it kills the manager and every process it reported. Not thread-safe: one per test.
 */
final class StandInManager implements AutoCloseable {

  /** How long the stand-in may take to start its pool and report. */
  private static final Duration REPORT_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final List<Long> pids;

  private StandInManager(Process process, List<Long> pids) {
    this.process = process;
    this.pids = pids;
  }

  /**
   * Starts {@code main} and waits (bounded) for its line of pids, which starts with {@code prefix}.
   */
  static StandInManager start(Class<?> main, String prefix) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            TestEnvironment.javaBinary().toString(),
            "-cp",
            System.getProperty("java.class.path"),
            main.getName(),
            TestEnvironment.executorJar().toString(),
            TestEnvironment.packagesDir().toString());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> line =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      String said = line.get(REPORT_WITHIN.toSeconds(), TimeUnit.SECONDS);
      assertTrue(said != null && said.startsWith(prefix), "stand-in manager said: " + said);
      List<Long> pids =
          Arrays.stream(said.substring(prefix.length()).split(" ")).map(Long::parseLong).toList();
      return new StandInManager(process, pids);
    } catch (Exception | AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The processes the stand-in reported. */
  List<Long> pids() {
    return pids;
  }

  /**
   * SIGKILLs the manager, giving it no chance to clean up, and asserts that every process it
   * reported is gone within {@code within} of its death.
   */
  void killAndAssertAllGoneWithin(Duration within) throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the stand-in manager did not die");
    long killed = System.nanoTime();
    for (long pid : pids) {
      long left = within.toNanos() - (System.nanoTime() - killed);
      assertTrue(
          Pools.gone(pid, Duration.ofNanos(Math.max(0, left))),
          "pid " + pid + " still alive " + within + " after the manager was killed");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
