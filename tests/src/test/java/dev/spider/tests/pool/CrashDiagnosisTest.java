package dev.spider.tests.pool;

import static dev.spider.tests.pool.Pools.GENEROUS;
import static dev.spider.tests.pool.Pools.request;
import static dev.spider.tests.pool.Pools.servesANormalTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.pool.CrashLog;
import dev.spider.manager.pool.CrashReport;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tests.SamplePackages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash reports of real executors say what happened (docs/failures.md, "Crash diagnoses"): a task's
 * System.exit(3) is not heap exhaustion, heap exhaustion is, and a crash log is named only when it
 * holds something.
 */
class CrashDiagnosisTest {

  private static ExecutorPool pool;

  @BeforeAll
  static void start() throws Exception {
    pool = ExecutorPool.start(Pools.config(1).build());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  private static CrashReport crash(String pkg, String task) throws Exception {
    servesANormalTask(pool);
    Outcome outcome = pool.execute(request(pkg, task), GENEROUS);
    return assertInstanceOf(Outcome.ExecutorCrash.class, outcome, outcome::toString).report();
  }

  @Test
  void aTasksSystemExit3IsNotDiagnosedAsHeapExhaustion() throws Exception {
    CrashReport report = crash(SamplePackages.JAR_TASKS, "exit_three");
    String summary = report.summary();
    // The status is 3 unless the JVM was slow to finish its exit and was killed (the matrix test
    // checks the status); either way the diagnosis must name the task's exit, not the heap.
    assertTrue(report.exitStatus().isPresent(), summary);
    assertFalse(summary.contains("heap exhausted"), summary);
    assertTrue(summary.contains("System.exit"), summary);
    assertFalse(summary.contains("crash log"), "a task's exit expects none: " + summary);
  }

  @Test
  void heapExhaustionIsDiagnosedAsSuch() throws Exception {
    CrashReport report = crash(SamplePackages.JAR_TASKS, "exhaust_heap");
    String summary = report.summary();
    assertEquals(ExitStatus.OUT_OF_MEMORY.code(), report.exitStatus().orElseThrow(), summary);
    assertTrue(summary.contains("heap exhausted"), summary + "\n" + report.stderrTail());
  }

  @Test
  void aJvmCrashNamesItsCrashLogOnlyWithContent() throws Exception {
    CrashReport report = crash(SamplePackages.NATIVE_TASKS, "segfault");
    String summary = report.summary();
    CrashLog.Written log =
        assertInstanceOf(CrashLog.Written.class, report.crashLogState(), summary);
    assertTrue(Files.size(log.path()) > 0, summary);
    assertTrue(summary.contains("JVM crash log " + log.path()), summary);
    assertEquals(
        report.crashLog().map(Path::toString), java.util.Optional.of(log.path().toString()));
  }

  @Test
  void aNativeAbortDoesNotNameACrashLogThatIsNotThere() throws Exception {
    CrashReport report = crash(SamplePackages.NATIVE_TASKS, "abort_process");
    String summary = report.summary();
    if (report.crashLogState() instanceof CrashLog.Written written) {
      assertTrue(Files.size(written.path()) > 0, summary);
    } else {
      assertTrue(report.crashLog().isEmpty(), summary);
      assertFalse(summary.contains("JVM crash log /"), summary);
      assertTrue(summary.contains("crash log"), "says why there is none: " + summary);
    }
  }
}
