package dev.spider.manager.pool;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.Posix;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an executor together with everything its tasks started. Executors make themselves
 * process-group leaders at start-up, so their group id is their pid (docs/process-pool.md).
 * Stateless and thread-safe.
 */
final class ProcessGroups {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);

  private ProcessGroups() {}

  /**
   * SIGKILLs the process group led by {@code process}, then the process itself and its remaining
   * descendants (any that left the group). Never throws: a group that is already gone is fine.
   */
  static void killGroup(ProcessHandle process) {
    // Collect descendants first: once the executor is dead its children are re-parented.
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    try {
      Posix.kill(-(int) process.pid(), Posix.SIGKILL);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Posix.ESRCH) {
        log.warn("kill(-{}, SIGKILL) failed: {}", process.pid(), e.getMessage());
      }
    }
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
