package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.process.Posix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Killing an executor's process group, and the executor when the group cannot be signalled. */
class ProcessGroupsTest {

  @Test
  void theGroupLedByTheProcessIsSignalledAndTheProcessKilled() throws Exception {
    Process process = new ProcessBuilder("sleep", "60").start();
    List<String> calls = new ArrayList<>();
    try {
      ProcessGroups.killGroup(
          process.toHandle(),
          (pid, signal) -> {
            calls.add(pid + " " + signal);
            return 0;
          });

      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the process outlived its kill");
      assertEquals(List.of(-process.pid() + " " + Posix.SIGKILL), calls);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aBrokenNativeBindingStillKillsTheProcess() throws Exception {
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      ProcessGroups.killGroup(
          process.toHandle(),
          (pid, signal) -> {
            throw new UnsatisfiedLinkError("libjnidispatch.so: cannot open shared object file");
          });

      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the process outlived its kill");
    } finally {
      process.destroyForcibly();
    }
  }
}
