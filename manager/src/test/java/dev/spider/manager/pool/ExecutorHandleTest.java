package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handle's lifecycle over a process that never speaks ({@code sleep}): what the pool relies on
 * without a real executor. The protocol itself is exercised end to end in the tests module.
 */
class ExecutorHandleTest {

  @TempDir Path dir;

  private Process process;

  private ExecutorHandle silentExecutor() throws IOException {
    process = new ProcessBuilder("sleep", "600").start();
    PoolConfig config = PoolConfig.builder(dir.resolve("e.jar"), dir).size(1).build();
    return new ExecutorHandle("executor-1", process, config, dir);
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
