package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.process.ExitEvidence;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What a crash report says about an executor's end (docs/failures.md, "Crash diagnoses"). */
class ExitDiagnosisTest {

  private static final Path LOG = Path.of("/crash/hs_err_pid42.log");

  private static String summary(
      OptionalInt status, OptionalInt signal, List<String> stderrTail, CrashLog crashLog) {
    return new CrashReport("executor-1", 42, "process exited", status, signal, stderrTail, crashLog)
        .summary();
  }

  private static String exit(int status, String... stderrTail) {
    return summary(
        OptionalInt.of(status), OptionalInt.empty(), List.of(stderrTail), new CrashLog.Absent(LOG));
  }

  @Test
  void status3IsHeapExhaustionOnlyWithTheOutOfMemoryLine() {
    String oom =
        exit(3, "[0.9s] task started", "Terminating due to java.lang.OutOfMemoryError: Java heap");
    assertTrue(oom.contains("exit status 3 (heap exhausted"), oom);

    String taskExit = exit(3, "[0.9s] task started", "[1.0s] some task output");
    assertFalse(taskExit.contains("heap exhausted"), taskExit);
    assertTrue(taskExit.contains("a task called System.exit(3)"), taskExit);
    assertTrue(taskExit.contains(ExitEvidence.OUT_OF_MEMORY), "says what it looked for");

    String noTail = exit(3);
    assertFalse(noTail.contains("heap exhausted"), noTail);
  }

  @Test
  void theShutdownHookLineMeansATaskExitOrASignalWhateverTheStatus() {
    String line = "WARN executor: " + ExitEvidence.EXIT_OUTSIDE_EXECUTOR + " (System.exit?)";
    for (int status : new int[] {0, 3, 42}) {
      String summary = exit(status, line);
      assertTrue(summary.contains("a task called System.exit, or"), summary);
      assertTrue(summary.contains("SIGTERM"), summary);
      assertFalse(summary.contains("heap exhausted"), summary);
    }
    // The manager killed a JVM slow to finish its exit: no claim that a task asked for status 137.
    String killed =
        summary(OptionalInt.of(137), OptionalInt.of(9), List.of(line), new CrashLog.Absent(LOG));
    assertTrue(killed.contains("began to exit outside the executor's control"), killed);
    assertFalse(killed.contains("System.exit(137)"), killed);
    // A task that caught an OutOfMemoryError and then called System.exit(3) is no heap exhaustion
    // of the executor: its own exits on heap exhaustion run no shutdown hooks.
    String both = exit(3, "java.lang.OutOfMemoryError: Java heap space", line);
    assertFalse(both.contains("heap exhausted"), both);

    String term =
        summary(OptionalInt.of(143), OptionalInt.of(15), List.of(line), new CrashLog.Absent(LOG));
    assertTrue(term.contains("signal 15 (SIGTERM)"), term);
    assertTrue(term.contains("outside the executor's control"), term);
  }

  @Test
  void theExecutorsOwnStatusesKeepTheirMeaning() {
    assertTrue(exit(2).contains("could not read the request stream"), exit(2));
    assertTrue(exit(64).contains("bad start-up configuration"), exit(64));
    assertTrue(exit(70).contains("fatal JVM error"), exit(70));
    assertTrue(exit(42).endsWith("exit status 42"), exit(42));
  }

  @Test
  void aCrashLogIsNamedOnlyWhenItHoldsSomething() {
    OptionalInt abrt = OptionalInt.of(6);
    String written = summary(OptionalInt.of(134), abrt, List.of(), new CrashLog.Written(LOG));
    assertTrue(written.contains("JVM crash log " + LOG), written);

    String empty = summary(OptionalInt.of(134), abrt, List.of(), new CrashLog.Empty(LOG));
    assertFalse(empty.contains("; JVM crash log " + LOG), empty);
    assertTrue(empty.contains(LOG + " is empty: it could not be written"), empty);
  }

  @Test
  void aMissingCrashLogIsReportedWhenTheJvmCrashed() {
    List<String> header =
        List.of("#", "# " + ExitEvidence.JVM_FATAL_ERROR + ":", "#", "#  SIGSEGV (0xb) at pc=0x0");
    String fatal =
        summary(OptionalInt.of(134), OptionalInt.of(6), header, new CrashLog.Absent(LOG));
    assertTrue(fatal.contains("the JVM crashed but no crash log is at " + LOG), fatal);
    assertTrue(fatal.contains("could not be written"), fatal);

    String segv =
        summary(OptionalInt.of(139), OptionalInt.of(11), List.of(), new CrashLog.Absent(LOG));
    assertTrue(segv.contains("could not be written"), segv);

    // abort() in native code writes no crash log: say so rather than blame the directory.
    String abort =
        summary(OptionalInt.of(134), OptionalInt.of(6), List.of(), new CrashLog.Absent(LOG));
    assertTrue(abort.contains("none is written when native code calls abort()"), abort);

    // A task's own exit expects no crash log, and the report says nothing about one.
    assertFalse(exit(3).contains("crash log"), exit(3));
    String killed =
        summary(OptionalInt.of(137), OptionalInt.of(9), List.of(), new CrashLog.Absent(LOG));
    assertFalse(killed.contains("crash log"), killed);
  }

  @Test
  void aReportsCrashLogIsTheOneItsStateSaysWasWritten() {
    CrashReport found = report(Optional.of(LOG));
    assertEquals(new CrashLog.Written(LOG), found.crashLogState(), found::toString);
    assertEquals(Optional.of(LOG), found.crashLog());
    CrashReport notLookedFor = report(Optional.empty());
    assertInstanceOf(CrashLog.NotLookedFor.class, notLookedFor.crashLogState());
    assertEquals(Optional.empty(), notLookedFor.crashLog());
    CrashReport empty =
        new CrashReport(
            "executor-1",
            42,
            "x",
            OptionalInt.empty(),
            OptionalInt.empty(),
            List.of(),
            new CrashLog.Empty(LOG));
    assertEquals(Optional.empty(), empty.crashLog(), "an empty log is not named");
  }

  /** A report through the constructor whose caller looked for the crash log itself. */
  private static CrashReport report(Optional<Path> crashLog) {
    return new CrashReport(
        "executor-1", 42, "x", OptionalInt.empty(), OptionalInt.empty(), List.of(), crashLog);
  }
}
