package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.process.ExitEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLogTest {

  private static final long PID = 4242;

  @TempDir Path crashDir;
  @TempDir Path elsewhere;

  @Test
  void absentEmptyAndWrittenAreToldApart() throws IOException {
    Path log = CanonicalCommandLine.crashLog(crashDir, PID);
    assertEquals(new CrashLog.Absent(log), CrashLog.find(crashDir, PID, List.of()));
    Files.createFile(log);
    assertEquals(new CrashLog.Empty(log), CrashLog.find(crashDir, PID, List.of()));
    Files.writeString(log, "# A fatal error has been detected\n");
    assertEquals(new CrashLog.Written(log), CrashLog.find(crashDir, PID, List.of()));
  }

  @Test
  void aCrashLogTheJvmWroteElsewhereIsFoundThroughItsStderr() throws IOException {
    // HotSpot falls back to the working directory when the crash directory refuses the file.
    Path fallback = elsewhere.resolve("hs_err_pid" + PID + ".log");
    Files.writeString(fallback, "# SIGSEGV\n");
    List<String> stderr =
        List.of(
            "# " + ExitEvidence.JVM_FATAL_ERROR + ":",
            "# " + ExitEvidence.CRASH_LOG_SAVED_AS + " is saved as:",
            "# " + fallback);
    assertEquals(new CrashLog.Written(fallback), CrashLog.find(crashDir, PID, stderr));
  }

  @Test
  void aNamedButEmptyOrForeignFileIsNotTaken() throws IOException {
    Path log = CanonicalCommandLine.crashLog(crashDir, PID);
    Files.createFile(log);
    Path emptyFallback = Files.createFile(elsewhere.resolve("hs_err_pid" + PID + ".log"));
    Path foreign = Files.writeString(elsewhere.resolve("passwd"), "root:x:0:0");
    for (Path named : List.of(emptyFallback, foreign)) {
      List<String> stderr = List.of("# " + ExitEvidence.CRASH_LOG_SAVED_AS + ":", "# " + named);
      assertEquals(new CrashLog.Empty(log), CrashLog.find(crashDir, PID, stderr));
    }
  }
}
