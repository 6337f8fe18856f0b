package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handle's lifecycle over stand-in executors — a process that never speaks ({@code sleep}), or
 * a shell script that says a Hello and then misbehaves — for what the pool relies on without a real
 * executor. The protocol itself is exercised end to end in the tests module.
 */
class ExecutorHandleTest {

  @TempDir Path dir;

  private Process process;

  private ExecutorHandle silentExecutor() throws IOException {
    process = new ProcessBuilder("sleep", "600").start();
    PoolConfig config = PoolConfig.builder(dir.resolve("e.jar"), dir).size(1).build();
    return new ExecutorHandle("executor-1", process, config, dir);
  }

  /**
   * A stand-in executor: a shell that writes a valid Hello, then runs {@code then} (which may read
   * stdin, write more bytes with {@link #printf}, and should end by exec-ing a long sleep).
   */
  private ExecutorHandle scriptedExecutor(String then) throws Exception {
    byte[] hello =
        FrameWriter.frame(
            ProtocolCodec.encode(
                new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, 1)));
    process = new ProcessBuilder("sh", "-c", printf(hello) + "; " + then).start();
    PoolConfig config = PoolConfig.builder(dir.resolve("e.jar"), dir).size(1).build();
    ExecutorHandle handle = new ExecutorHandle("executor-1", process, config, dir);
    handle.awaitHello(Duration.ofSeconds(30));
    assertEquals(ExecutorState.READY, handle.state());
    return handle;
  }

  /** A shell command writing {@code bytes} exactly, each as an octal escape. */
  private static String printf(byte[] bytes) {
    StringBuilder command = new StringBuilder("printf '");
    for (byte b : bytes) {
      command.append(String.format("\\%03o", b & 0xff));
    }
    return command.append("'").toString();
  }

  private static Exchange task(Duration hard) {
    return new Exchange.RunTask(
        new ExecuteRequest("pkg", "add", new byte[0], new byte[0]), Timeouts.hard(hard));
  }

  @AfterEach
  void noProcessLeftBehind() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    }
  }

  private static Exchange task() {
    return new Exchange.RunTask(
        new ExecuteRequest("pkg", "add", new byte[0], new byte[0]),
        Timeouts.hard(Duration.ofSeconds(1)));
  }

  @Test
  void anExecutorWithoutAHelloFailsItsStartAndIsKilled() throws Exception {
    ExecutorHandle handle = silentExecutor();
    assertEquals(ExecutorState.STARTING, handle.state());
    StartupFailure failure =
        assertThrows(StartupFailure.class, () -> handle.awaitHello(Duration.ofMillis(50)));
    assertTrue(failure.getMessage().contains("no Hello within PT0.05S"), failure.getMessage());
    assertEquals(process.pid(), failure.report().pid());
    assertEquals(ExecutorState.DEAD, handle.state());
    assertEquals(KillReason.STARTUP_FAILED, handle.death().orElseThrow().reason());
    assertFalse(process.isAlive(), "the report kills the process");
  }

  @Test
  void handingOutAStartingExecutorIsABugNamingItsPid() throws Exception {
    ExecutorHandle handle = silentExecutor();
    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> handle.exchange(task()));
    assertEquals(process.pid(), e.pid());
    assertTrue(e.getMessage().contains("pid " + process.pid()), e.getMessage());
    assertEquals(ExecutorState.STARTING, handle.state());
  }

  @Test
  void aKilledExecutorIsLostBeforeTheWriteAndKillingAgainChangesNothing() throws Exception {
    ExecutorHandle handle = silentExecutor();
    handle.kill(KillReason.TIMED_OUT, "hard timeout of PT1S passed");
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed");
    assertFalse(handle.isAlive());
    handle.kill(KillReason.LOST, "could not take the request");
    assertEquals(KillReason.TIMED_OUT, handle.death().orElseThrow().reason());
    assertThrows(LostBeforeWrite.class, () -> handle.exchange(task()));
    assertEquals(0, handle.tasksRun(), "nothing was written, nothing charged");
  }

  @Test
  void theHardDeadlineEndsTheBlockedReadWithATimeout() throws Exception {
    ExecutorHandle handle = scriptedExecutor("exec sleep 600");
    Outcome outcome = handle.exchange(task(Duration.ofMillis(200)));
    assertEquals(
        Duration.ofMillis(200), assertInstanceOf(Outcome.Timeout.class, outcome).hardTimeout());
    assertEquals(KillReason.TIMED_OUT, handle.death().orElseThrow().reason());
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed at the deadline");
  }

  @Test
  void aForgedFrameIsACrashAtOnceNotAfterTheHardTimeout() throws Exception {
    byte[] forged = {0, 0, 0, 5, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1, (byte) 0xc1};
    ExecutorHandle handle =
        scriptedExecutor("head -c 1 >/dev/null; " + printf(forged) + "; exec sleep 600");
    Outcome outcome = handle.exchange(task(Duration.ofHours(1)));
    CrashReport report = assertInstanceOf(Outcome.ExecutorCrash.class, outcome).report();
    assertTrue(report.cause().contains("undecodable frame of 5 bytes"), report.cause());
    assertTrue(report.cause().contains("the manager killed the executor"), report.cause());
    assertEquals(KillReason.CRASHED, handle.death().orElseThrow().reason());
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed");
  }

  @Test
  void aResultOfAnotherSeqIsACrash() throws Exception {
    byte[] other = ResultReaderTest.result(99, true, new byte[0]);
    ExecutorHandle handle =
        scriptedExecutor("head -c 1 >/dev/null; " + printf(other) + "; exec sleep 600");
    Outcome outcome = handle.exchange(task(Duration.ofHours(1)));
    CrashReport report = assertInstanceOf(Outcome.ExecutorCrash.class, outcome).report();
    assertTrue(report.cause().contains("expected the Result of seq 1"), report.cause());
  }

  @Test
  void stdoutEndingWhileTheProcessLivesOnIsACrashAfterTheDrain() throws Exception {
    ExecutorHandle handle = scriptedExecutor("head -c 1 >/dev/null; exec >&-; exec sleep 600");
    Outcome outcome = handle.exchange(task(Duration.ofHours(1)));
    CrashReport report = assertInstanceOf(Outcome.ExecutorCrash.class, outcome).report();
    assertTrue(report.cause().contains("(stdout ended)"), report.cause());
    assertTrue(report.cause().contains("process still running 500 ms later"), report.cause());
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed");
  }

  @Test
  void theAnswerIsTakenAndTheExecutorServesAgain() throws Exception {
    byte[] answers =
        concat(
            ResultReaderTest.result(1, true, new byte[] {4, 2}),
            ResultReaderTest.result(2, true, new byte[] {4, 3}));
    ExecutorHandle handle =
        scriptedExecutor("head -c 1 >/dev/null; " + printf(answers) + "; exec sleep 600");
    Outcome first = handle.exchange(task(Duration.ofHours(1)));
    assertArrayEquals(new byte[] {4, 2}, assertInstanceOf(Outcome.Success.class, first).outputs());
    assertEquals(ExecutorState.READY, handle.state());
    // The second Result already waits on stdout: the executor spoke unasked.
    LostBeforeWrite lost =
        assertThrows(LostBeforeWrite.class, () -> handle.exchange(task(Duration.ofHours(1))));
    assertTrue(lost.getMessage().contains("wrote to stdout unasked"), lost.getMessage());
  }

  @Test
  void anInterruptedCallerGivesUpAndTheExecutorIsKilled() throws Exception {
    ExecutorHandle handle = scriptedExecutor("exec sleep 600");
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                thrown.complete(
                    new AssertionError("returned " + handle.exchange(task(Duration.ofHours(1)))));
              } catch (Exception e) {
                thrown.complete(e);
              }
            },
            "test-caller");
    caller.start();
    // Interrupt it once it is waiting: BUSY is set just before the request is written.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (handle.state() != ExecutorState.BUSY) {
      assertTrue(System.nanoTime() < deadline, "the caller never wrote its request");
      Thread.sleep(1);
    }
    caller.interrupt();
    Throwable e = thrown.get(30, TimeUnit.SECONDS);
    assertInstanceOf(InterruptedException.class, e);
    assertEquals(KillReason.ABANDONED, handle.death().orElseThrow().reason());
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed");
    caller.join(TimeUnit.SECONDS.toMillis(30));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void shuttingDownASilentExecutorKillsItAfterTheGrace() throws Exception {
    ExecutorHandle handle = silentExecutor();
    handle.requestShutdown(); // sleep ignores its stdin
    handle.awaitExit(Duration.ofMillis(50));
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "killed after the grace period");
    assertEquals(KillReason.SHUT_DOWN, handle.death().orElseThrow().reason());
    assertEquals(
        "did not exit within the shutdown grace period", handle.death().orElseThrow().detail());
  }
}
