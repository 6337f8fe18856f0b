package dev.spider.manager.pool;

import dev.spider.protocol.process.ExitEvidence;
import dev.spider.protocol.process.ExitStatus;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Says what an executor's end means, from its exit status or signal, its last stderr lines and its
 * crash log (docs/failures.md, "Crash diagnoses"). The status alone misleads: a task's {@code
 * System.exit(3)} and heap exhaustion both end with 3, so heap exhaustion is diagnosed only when
 * the stderr tail shows {@link ExitEvidence#OUT_OF_MEMORY}; and a crash log is named only when it
 * holds something.
 *
 * <p>Stateless and thread-safe.
 */
final class ExitDiagnosis {

  /** Signals with which a crashing JVM (or native code in it) ends: SIGILL, SIGABRT, SIGBUS... */
  private static final Set<Integer> CRASH_SIGNALS = Set.of(4, 6, 7, 8, 11);

  /** Signals that only a JVM crash raises by itself; SIGABRT is also native code's abort(). */
  private static final Set<Integer> FAULT_SIGNALS = Set.of(4, 7, 8, 11);

  private ExitDiagnosis() {}

  /** What exit status {@code status} means given the executor's last stderr lines, if known. */
  static Optional<String> ofStatus(int status, List<String> stderrTail) {
    if (shows(stderrTail, ExitEvidence.EXIT_OUTSIDE_EXECUTOR)) {
      return Optional.of(exitOutsideTheExecutor(status));
    }
    if (status == ExitStatus.OUT_OF_MEMORY.code()) {
      return Optional.of(
          shows(stderrTail, ExitEvidence.OUT_OF_MEMORY)
              ? ExitStatus.OUT_OF_MEMORY.meaning()
              : "a task called System.exit(3): its last stderr lines show no "
                  + ExitEvidence.OUT_OF_MEMORY
                  + ", so the heap was not exhausted");
    }
    return ExitStatus.of(status).map(ExitStatus::meaning);
  }

  /** What a death by {@code signal} (status 128 + signal) adds to the report, if anything. */
  static Optional<String> ofSignal(int signal, List<String> stderrTail) {
    if (shows(stderrTail, ExitEvidence.EXIT_OUTSIDE_EXECUTOR)) {
      return Optional.of(exitOutsideTheExecutor(128 + signal));
    }
    if (shows(stderrTail, ExitEvidence.JVM_FATAL_ERROR)) {
      return Optional.of("the JVM crashed (a fatal error in the JVM or in native code)");
    }
    return Optional.empty();
  }

  /**
   * What to say about the crash log: its path when it holds something; that it could not be written
   * when it is empty, or absent although the JVM crashed; nothing when no crash log is to be
   * expected.
   */
  static Optional<String> ofCrashLog(CrashLog log, OptionalInt signal, List<String> stderrTail) {
    boolean jvmCrashed =
        shows(stderrTail, ExitEvidence.JVM_FATAL_ERROR)
            || (signal.isPresent() && FAULT_SIGNALS.contains(signal.getAsInt()));
    boolean crashSignal = signal.isPresent() && CRASH_SIGNALS.contains(signal.getAsInt());
    if (log instanceof CrashLog.Written w) {
      return Optional.of("JVM crash log " + w.path());
    }
    if (log instanceof CrashLog.Empty e) {
      return Optional.of(
          "the JVM crash log "
              + e.path()
              + " is empty: it could not be written (is the crash directory's file system full?)");
    }
    if (log instanceof CrashLog.Absent a && jvmCrashed) {
      return Optional.of(
          "the JVM crashed but no crash log is at "
              + a.path()
              + ": it could not be written (is the crash directory full or not writable?)");
    }
    if (log instanceof CrashLog.Absent a && crashSignal) {
      return Optional.of(
          "no JVM crash log at "
              + a.path()
              + ": none is written when native code calls abort(), or it could not be written");
    }
    return Optional.empty();
  }

  /**
   * The executor's shutdown hook saw the JVM begin to exit. The status need not be the task's: the
   * manager may have killed a JVM slow to finish exiting, or the executor halted it.
   */
  private static String exitOutsideTheExecutor(int status) {
    String began =
        "the JVM began to exit outside the executor's control: a task called System.exit, or the"
            + " process got SIGTERM, SIGINT or SIGHUP";
    return ExitStatus.of(status)
        .filter(own -> own != ExitStatus.ORDERLY && own != ExitStatus.OUT_OF_MEMORY)
        .map(own -> began + "; then " + own.meaning())
        .orElse(began);
  }

  private static boolean shows(List<String> stderrTail, String evidence) {
    for (String line : stderrTail) {
      if (line.contains(evidence)) {
        return true;
      }
    }
    return false;
  }
}
