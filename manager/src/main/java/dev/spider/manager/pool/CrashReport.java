package dev.spider.manager.pool;

import dev.spider.protocol.process.ExitStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a person needs to understand an executor crash: why the manager gave up on it, how the
 * process ended, the last lines it wrote to stderr, and the JVM crash log if it wrote one.
 * Immutable.
 *
 * @param executorId the pool's id for the executor ({@code executor-3})
 * @param pid its process id
 * @param cause what the manager observed first: the process exited, stdout ended, a broken frame
 * @param exitStatus the exit status, when the process exited normally
 * @param signal the signal that probably ended the process: Java reports death by signal N as exit
 *     status 128 + N, indistinguishable from a process exiting with that status
 * @param stderrTail the last lines of its stderr, oldest first (bounded)
 * @param crashLog the HotSpot crash log ({@code hs_err_pid<pid>.log}) in the crash directory
 */
public record CrashReport(
    String executorId,
    long pid,
    String cause,
    OptionalInt exitStatus,
    OptionalInt signal,
    List<String> stderrTail,
    Optional<Path> crashLog) {

  public CrashReport {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(cause, "cause");
    stderrTail = List.copyOf(stderrTail);
  }

  /**
   * One line: cause and how the process ended, e.g. {@code "process exited (signal 6, SIGABRT)"}.
   */
  public String summary() {
    StringBuilder sb =
        new StringBuilder(executorId).append(" (pid ").append(pid).append("): ").append(cause);
    if (signal.isPresent()) {
      // Java reports death by signal N as status 128 + N, so the two cannot be told apart.
      sb.append("; exit status ")
          .append(exitStatus.orElse(128 + signal.getAsInt()))
          .append(": killed by signal ")
          .append(signal.getAsInt())
          .append(Signals.name(signal.getAsInt()))
          .append(", or exited with that status");
    } else if (exitStatus.isPresent()) {
      sb.append("; exit status ")
          .append(exitStatus.getAsInt())
          .append(
              ExitStatus.of(exitStatus.getAsInt())
                  .map(status -> " (" + status.meaning() + ")")
                  .orElse(""));
    }
    crashLog.ifPresent(log -> sb.append("; JVM crash log ").append(log));
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
