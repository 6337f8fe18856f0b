package dev.spider.executor.runtime;

import dev.spider.protocol.process.ExitEvidence;
import dev.spider.protocol.process.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the executor exits: {@link Runtime#halt}, so neither shutdown hooks nor stray
 * non-daemon threads a task left behind can delay or block the exit. The statuses and their
 * meanings are the contract's {@link ExitStatus} (docs/frame-protocol.md, "Exit statuses").
 *
 * <p>Also the uncaught-exception handler of every thread the executor starts: no executor thread
 * dies silently. It logs and halts, with {@link ExitStatus#OUT_OF_MEMORY} for an {@link
 * OutOfMemoryError} (its line names {@link ExitEvidence#OUT_OF_MEMORY}, which tells the manager
 * this from a task's own {@code System.exit(3)}) and {@link ExitStatus#FATAL_JVM_ERROR} for
 * anything else. Stateless; thread-safe.
 */
final class Exits {

  private static final Logger log = LoggerFactory.getLogger(Exits.class);

  /** For {@link Thread#setUncaughtExceptionHandler}: logs and halts, never returns. */
  static final Thread.UncaughtExceptionHandler HALT_ON_UNCAUGHT =
      (thread, t) -> haltOn(t, "executor thread " + thread.getName() + " ended on");

  private Exits() {}

  static void halt(ExitStatus status) {
    System.err.flush();
    Runtime.getRuntime().halt(status.code());
  }

  /**
   * Halts after a throwable the process cannot carry on from. The log line is kept to one
   * allocation-light call, and a failure to log (the heap may be full) does not stop the halt.
   */
  static void haltOn(Throwable t, String what) {
    ExitStatus status = isHeapExhaustion(t) ? ExitStatus.OUT_OF_MEMORY : ExitStatus.FATAL_JVM_ERROR;
    try {
      // t.toString() starts with the class name, java.lang.OutOfMemoryError for heap exhaustion:
      // the ExitEvidence.OUT_OF_MEMORY text the manager's crash report looks for.
      log.error("{} {}; exiting with status {}", what, t, status.code(), t);
    } catch (Throwable logging) {
      // Nothing else can be told: the status and the JVM's own output are what is left.
      Runtime.getRuntime().halt(status.code());
    }
    halt(status);
  }

  /**
   * Whether {@code t} means the heap is full. An {@code OutOfMemoryError} for a thread that could
   * not be created is a limit on threads or address space: "raise the executor heap", the advice
   * status 3 carries, would be wrong.
   */
  static boolean isHeapExhaustion(Throwable t) {
    return t instanceof OutOfMemoryError
        && (t.getMessage() == null || !t.getMessage().contains("native thread"));
  }
}
