package dev.spider.manager.pool;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the manager does when an executor's process exits, and how long it waits for an ending
 * executor's last words (docs/process-pool.md, "Waiting for a Result").
 *
 * <p>The owner of an executor learns of its end from its stdout, which it reads itself; but a child
 * the executor {@code fork}ed without {@code exec} inherits the protocol pipe and keeps it open
 * after the executor died (docs/frame-protocol.md). So when the process exits, its process group is
 * killed at once: whatever still holds the pipe dies with the group, stdout ends, and the blocked
 * read returns — after the bytes already in the pipe, so a Result written just before the exit is
 * still read.
 *
 * <p>Stateless and thread-safe; the exit action runs on a watcher thread per executor.
 */
final class ExecutorEvents {

  private static final Logger log = LoggerFactory.getLogger(ExecutorEvents.class);

  /**
   * How long to wait for an ending executor's last words: its exit after its stdout ended, its last
   * stderr lines.
   */
  static final Duration DRAIN = Duration.ofMillis(500);

  private ExecutorEvents() {}

  /**
   * Kills {@code process}'s group as soon as it exits, so that nothing holds its stdout open. The
   * wait is on a watch thread ({@link WatchThreads}, named {@code <executor id>-exit} while it
   * waits, for as long as the process lives), not on the JDK's exit completion: that completion
   * first drains the process's stdout under the stream's lock, which the owner's blocked read holds
   * while a forked child keeps the pipe open — any action queued behind it would never run.
   */
  static void killGroupOnExit(String executorId, Process process) {
    WatchThreads.shared()
        .start(
            executorId + "-exit",
            () -> {
              try {
                process.waitFor(); // bounded by the process's life: the pool kills every executor
              } catch (InterruptedException e) {
                log.warn(
                    "[{}] exit watch interrupted; the group is not killed on exit", executorId);
                return;
              }
              log.debug(
                  "[{}] pid {} exited: killing what is left of its group",
                  executorId,
                  process.pid());
              ProcessGroups.killExitedGroup(process.toHandle());
            });
  }
}
