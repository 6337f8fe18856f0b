package dev.spider.manager.pool;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes the {@link CrashReport} of one executor that ended or is given up on: how its process
 * ended, the last lines of its stderr and what became of its HotSpot crash log ({@link CrashLog}).
 *
 * <p>Reporting finishes the executor off: a crash in progress gets {@link ExecutorEvents#DRAIN} to
 * end on its own, so the report carries the crash's own exit status rather than the SIGKILL's, then
 * the whole process group is killed (with the children a task left behind). Every wait is bounded.
 * Thread-safe: all state is final and the JDK's process API is.
 */
final class CrashReporter {

  /** How long a SIGKILLed process may take to be reaped before the report goes without status. */
  private static final long REAP_SECONDS = 5;

  private final String executorId;
  private final Process process;
  private final Path crashDir;
  private final StderrForwarder stderr;
  private final CountDownLatch stderrEnded;

  /**
   * @param stderrEnded opens when {@code stderr} has forwarded the whole stream
   */
  CrashReporter(
      String executorId,
      Process process,
      Path crashDir,
      StderrForwarder stderr,
      CountDownLatch stderrEnded) {
    this.executorId = Objects.requireNonNull(executorId, "executorId");
    this.process = Objects.requireNonNull(process, "process");
    this.crashDir = Objects.requireNonNull(crashDir, "crashDir");
    this.stderr = Objects.requireNonNull(stderr, "stderr");
    this.stderrEnded = Objects.requireNonNull(stderrEnded, "stderrEnded");
  }

  /** Kills the executor's process group if it still runs, then reports it under {@code cause}. */
  CrashReport report(String cause) throws InterruptedException {
    process.waitFor(ExecutorEvents.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    ProcessGroups.killGroup(process.toHandle());
    process.waitFor(REAP_SECONDS, TimeUnit.SECONDS);
    OptionalInt exit = OptionalInt.empty();
    OptionalInt signal = OptionalInt.empty();
    if (!process.isAlive()) {
      int status = process.exitValue();
      // Java reports death by signal N as 128 + N.
      if (status > 128 && status < 160) {
        signal = OptionalInt.of(status - 128);
      }
      exit = OptionalInt.of(status);
    }
    List<String> tail = stderrTail();
    return new CrashReport(
        executorId,
        process.pid(),
        cause,
        exit,
        signal,
        tail,
        CrashLog.find(crashDir, process.pid(), tail));
  }

  /** The last stderr lines, once the forwarder has read what the dead process wrote (bounded). */
  private List<String> stderrTail() throws InterruptedException {
    stderrEnded.await(ExecutorEvents.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    return stderr.tail();
  }
}
