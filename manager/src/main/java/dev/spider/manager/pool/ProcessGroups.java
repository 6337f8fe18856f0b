package dev.spider.manager.pool;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an executor together with everything its tasks started. Executors make themselves
 * process-group leaders at start-up, so their group id is their pid.
 */
final class ProcessGroups {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);
  private static final int ESRCH = 3;

  static {
    Native.register(ProcessGroups.class, Platform.C_LIBRARY_NAME);
  }

  private ProcessGroups() {}

  private static native int kill(int pid, int signal) throws LastErrorException;

  /**
   * SIGKILLs the process group led by {@code process}, then the process itself and its remaining
   * descendants (any that left the group). Never throws: a group that is already gone is fine.
   */
  static void killGroup(ProcessHandle process) {
    // Collect descendants first: once the executor is dead its children are re-parented.
    java.util.List<ProcessHandle> descendants = process.descendants().collect(java.util.stream.Collectors.toList());
    try {
      kill(-(int) process.pid(), Signals.SIGKILL);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != ESRCH) {
        log.warn("kill(-{}, SIGKILL) failed: {}", process.pid(), e.getMessage());
      }
    }
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
