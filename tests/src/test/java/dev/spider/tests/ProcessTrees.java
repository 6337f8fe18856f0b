package dev.spider.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends the processes tests start, with everything they started in turn. Stateless. */
public final class ProcessTrees {

  private ProcessTrees() {}

  /**
   * SIGKILLs {@code process} and its descendants and waits until each is gone, within {@code
   * within} for all of them together.
   *
   * @param name what the process is, for the message when one outlives the wait
   * @throws IllegalStateException when one is still there after {@code within}
   */
  public static void kill(Process process, String name, Duration within) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    all.add(process.toHandle());
    long deadline = System.nanoTime() + within.toNanos();
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            name + ": process " + handle.pid() + " did not end within " + within, e);
      }
    }
  }
}
