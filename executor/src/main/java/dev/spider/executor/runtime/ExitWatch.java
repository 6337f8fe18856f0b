package dev.spider.executor.runtime;

import dev.spider.protocol.process.ExitEvidence;
import dev.spider.protocol.process.ExitStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's shutdown hook (docs/task-sandbox.md, "System.exit and shutdown hooks"). The
 * executor's own exits halt ({@link Exits}) and never run hooks, so the hook runs only when the JVM
 * exits outside the executor's control: a task called {@code System.exit}, or a signal (SIGTERM,
 * SIGINT, SIGHUP) arrived. It then
 *
 * <ol>
 *   <li>logs a line holding {@link ExitEvidence#EXIT_OUTSIDE_EXECUTOR}, for the manager's crash
 *       report;
 *   <li>starts a daemon watchdog that halts with {@link ExitStatus#SHUTDOWN_HOOKS_HUNG} if the JVM
 *       is still exiting {@link #HOOKS_BOUND} later: a task's hook that never ends cannot keep the
 *       executor alive. Being a daemon, the watchdog never delays an exit that finishes in time.
 * </ol>
 *
 * <p>The protocol stream is left open on purpose: the manager learns of the exit from the process
 * itself, so the report carries the task's own exit status. Ending the stream early would make the
 * manager kill a JVM that is exiting normally but slowly (a loaded machine) and report the kill.
 *
 * <p>Thread-safe: installed once; the hook runs at most once.
 */
final class ExitWatch {

  /** How long other shutdown hooks may run before the executor halts. */
  static final Duration HOOKS_BOUND = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ExitWatch.class);

  private ExitWatch() {}

  /** Registers the hook; cheap, no thread runs until the JVM starts exiting. */
  static void install() {
    Thread hook = new Thread(ExitWatch::onExit, "executor-exit-watch");
    hook.setUncaughtExceptionHandler(Exits.HALT_ON_UNCAUGHT);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private static void onExit() {
    Thread watchdog = new Thread(ExitWatch::haltWhenHooksHang, "executor-exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.setUncaughtExceptionHandler(Exits.HALT_ON_UNCAUGHT);
    watchdog.start();
    // WARN, not ERROR: the manager reports the crash itself; this line only names its cause.
    log.warn(
        "{} (a task called System.exit, or a signal arrived); halting with status {} unless the"
            + " JVM has exited within {} ms",
        ExitEvidence.EXIT_OUTSIDE_EXECUTOR,
        ExitStatus.SHUTDOWN_HOOKS_HUNG.code(),
        HOOKS_BOUND.toMillis());
  }

  private static void haltWhenHooksHang() {
    try {
      Thread.sleep(HOOKS_BOUND.toMillis()); // only an interrupt ends a sleep early
    } catch (InterruptedException e) {
      // Only a task could interrupt this thread; halting early errs on the safe side.
      Thread.currentThread().interrupt();
    }
    log.error(
        "shutdown hooks still running after {} ms; exiting with status {}",
        HOOKS_BOUND.toMillis(),
        ExitStatus.SHUTDOWN_HOOKS_HUNG.code());
    Exits.halt(ExitStatus.SHUTDOWN_HOOKS_HUNG);
  }
}
