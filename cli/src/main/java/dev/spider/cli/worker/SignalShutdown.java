package dev.spider.cli.worker;

import java.io.PrintWriter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM for a running worker: a JVM shutdown hook (thread {@code
 * spider-worker-shutdown}) that stops the worker gracefully — the runtime's shutdown sequence,
 * ending with the scheduler {@code Shutdown} carrying the pending acknowledgements — and then halts
 * the JVM with the worker's own exit status. Halting is the point: left alone, a JVM stopped by a
 * signal exits with 128 + the signal (130, 143), which a supervisor reads as a crash, while
 * upstream's execution manager exits 0 after a graceful stop. The hook is the last thing that runs:
 * the worker registers no other hook, and the streams are flushed before the halt.
 *
 * <p>Installed once the worker runs; {@link #uninstall()} before the command returns on its own (a
 * fatal error), so that the JVM's exit then keeps the command's status. Thread-safe.
 */
final class SignalShutdown {

  private static final Logger log = LoggerFactory.getLogger(SignalShutdown.class);

  private final Thread hook;

  private SignalShutdown(Thread hook) {
    this.hook = hook;
  }

  /**
   * Installs the hook.
   *
   * @param out the worker's stdout (executor output), flushed before the halt
   * @param err where the command reports, flushed before the halt
   */
  static SignalShutdown install(Worker worker, PrintWriter out, PrintWriter err) {
    Objects.requireNonNull(worker, "worker");
    Thread hook =
        new Thread(
            () -> {
              log.info("signal received: stopping gracefully");
              worker.close();
              WorkerExit exit = worker.termination().map(WorkerExit::of).orElse(WorkerExit.FAILED);
              err.println("spider worker: stopped on a signal (exit status " + exit.status() + ")");
              out.flush();
              err.flush();
              System.out.flush();
              System.err.flush();
              Runtime.getRuntime().halt(exit.status());
            },
            "spider-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return new SignalShutdown(hook);
  }

  /**
   * Removes the hook. When the JVM is already shutting down (a signal came first), the hook is
   * running and will end the process itself.
   */
  void uninstall() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      log.debug("the JVM is shutting down: the signal's hook stops the worker and exits");
    }
  }
}
