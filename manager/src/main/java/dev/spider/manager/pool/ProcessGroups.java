package dev.spider.manager.pool;

import com.sun.jna.LastErrorException;
import dev.spider.protocol.process.Posix;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an executor together with everything its tasks started. Executors make themselves
 * process-group leaders at start-up, so their group id is their pid (docs/process-pool.md).
 * Thread-safe; its only state is whether {@link #bind} ran.
 */
final class ProcessGroups {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);

  /** Whether {@link #bind} ran in this JVM. */
  private static final AtomicBoolean BOUND = new AtomicBoolean();

  private ProcessGroups() {}

  /**
   * Binds {@code kill(2)} now (signal 0 to this process: a no-op), so the first crash or timeout of
   * a pool does not pay for loading the native binding, which costs tens of milliseconds. Once per
   * JVM; later calls return at once.
   */
  static void bind() {
    if (!BOUND.compareAndSet(false, true)) {
      return;
    }
    try {
      Posix.kill((int) ProcessHandle.current().pid(), 0);
    } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      log.warn(
          "cannot bind kill(2) ({}); killing executors' process groups will fail", e.toString());
    }
  }

  /**
   * SIGKILLs the process group led by {@code process}, then the process itself and its remaining
   * descendants (any that left the group). Never throws: a group that is already gone is fine.
   *
   * <p>Once the process has exited, its group was killed as it exited ({@link #killExitedGroup}),
   * and the group id is not signalled again: with no member left the kernel may have given the
   * number to a new process, possibly another executor leading its own group.
   */
  static void killGroup(ProcessHandle process) {
    killGroup(process, Posix::kill);
  }

  /** {@link #killGroup(ProcessHandle)} through {@code kill}, the seam for a broken binding. */
  static void killGroup(ProcessHandle process, Kill kill) {
    // Collect descendants first: once the executor is dead its children are re-parented.
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    if (process.isAlive()) {
      signalGroup(process.pid(), kill);
    }
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGKILLs what is left of the group of an executor that has just exited: the children its tasks
   * left behind. Called once, as the exit is seen; while any of them lives, the group id cannot be
   * reused, so the signal reaches exactly them.
   */
  static void killExitedGroup(ProcessHandle process) {
    signalGroup(process.pid(), Posix::kill);
  }

  /** {@code kill(2)}: {@link Posix#kill}, or a stand-in in tests. */
  @FunctionalInterface
  interface Kill {
    int kill(int pid, int signal);
  }

  /**
   * Never throws: a broken native binding ({@link #bind} logged it) must not keep {@link
   * #killGroup} from killing the process itself.
   */
  private static void signalGroup(long leader, Kill kill) {
    try {
      kill.kill(-(int) leader, Posix.SIGKILL);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Posix.ESRCH) {
        log.warn("kill(-{}, SIGKILL) failed: {}", leader, e.getMessage());
      }
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      log.warn(
          "cannot SIGKILL process group {} without kill(2) ({}); killing the executor and its"
              + " descendants one by one, and processes that left its tree outlive it",
          leader,
          e.toString());
    }
  }
}
