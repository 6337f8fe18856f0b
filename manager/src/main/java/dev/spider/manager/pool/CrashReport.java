package dev.spider.manager.pool;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a person needs to understand an executor crash: why the manager gave up on it, how the
 * process ended and what that means, the last lines it wrote to stderr, and the JVM crash log when
 * it wrote one that holds something (docs/failures.md, "Crash diagnoses"). Immutable.
 *
 * @param executorId the pool's id for the executor ({@code executor-3})
 * @param pid its process id
 * @param cause what the manager observed first: the process exited, stdout ended, a broken frame
 * @param exitStatus the exit status, when the process exited normally
 * @param signal the signal that probably ended the process: Java reports death by signal N as exit
 *     status 128 + N, indistinguishable from a process exiting with that status
 * @param stderrTail the last lines of its stderr, oldest first (bounded)
 * @param crashLogState what became of the HotSpot crash log ({@code hs_err_pid<pid>.log}): written
 *     (and holding something), empty, absent, or not looked for
 */
public record CrashReport(
    String executorId,
    long pid,
    String cause,
    OptionalInt exitStatus,
    OptionalInt signal,
    List<String> stderrTail,
    CrashLog crashLogState) {

  public CrashReport {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(exitStatus, "exitStatus");
    Objects.requireNonNull(signal, "signal");
    stderrTail = List.copyOf(stderrTail);
    Objects.requireNonNull(crashLogState, "crashLogState");
  }

  /**
   * A report whose crash log was found by its caller (or not looked for, when {@code crashLog} is
   * empty): the crash log counts as written.
   */
  public CrashReport(
      String executorId,
      long pid,
      String cause,
      OptionalInt exitStatus,
      OptionalInt signal,
      List<String> stderrTail,
      Optional<Path> crashLog) {
    this(
        executorId,
        pid,
        cause,
        exitStatus,
        signal,
        stderrTail,
        crashLog.<CrashLog>map(CrashLog.Written::new).orElseGet(CrashLog.NotLookedFor::new));
  }

  /** The HotSpot crash log, when it was written and holds something. */
  public Optional<Path> crashLog() {
    return crashLogState.written();
  }

  /**
   * One line: cause, how the process ended and what that means, and the crash log, e.g. {@code
   * "executor-3 (pid 42): process exited; exit status 3 (heap exhausted: raise the executor
   * heap)"}.
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
      ExitDiagnosis.ofSignal(signal.getAsInt(), stderrTail)
          .ifPresent(meaning -> sb.append(" (").append(meaning).append(')'));
    } else if (exitStatus.isPresent()) {
      sb.append("; exit status ").append(exitStatus.getAsInt());
      ExitDiagnosis.ofStatus(exitStatus.getAsInt(), stderrTail)
          .ifPresent(meaning -> sb.append(" (").append(meaning).append(')'));
    }
    ExitDiagnosis.ofCrashLog(crashLogState, signal, stderrTail)
        .ifPresent(note -> sb.append("; ").append(note));
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
