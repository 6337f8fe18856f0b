package dev.spider.tests.soak;

import dev.spider.tests.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processes a soak must not leave behind: the test JVM's new children (executors) and the
 * sleepers tasks started, which are not the JVM's children. A process counts as gone once it no
 * longer exists or is a zombie that only waits for whoever adopted it to reap it.
 *
 * <p>Stateless; thread-safe.
 */
final class SoakProcesses {

  private SoakProcesses() {}

  static Set<Long> children() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  static List<Long> newChildren(Set<Long> before) {
    return children().stream().filter(pid -> !before.contains(pid)).toList();
  }

  /** Those of {@code pids} still running after {@code within}, polled with a growing pause. */
  static List<Long> notGone(List<Long> pids, Duration within) {
    List<Long> left = new ArrayList<>(pids);
    Poll.within(
        () -> {
          left.removeIf(SoakProcesses::gone);
          return left.isEmpty();
        },
        within);
    return left;
  }

  private static boolean gone(long pid) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isEmpty() || !process.get().isAlive() || isZombie(pid);
  }

  /** Whether /proc says {@code pid} is a zombie (state Z): exited, not yet reaped. */
  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid + "/stat"));
      int afterName = stat.lastIndexOf(')');
      return afterName > 0 && stat.length() > afterName + 2 && stat.charAt(afterName + 2) == 'Z';
    } catch (IOException e) {
      return true; // no /proc entry: the process is gone
    }
  }
}
