package dev.spider.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C for the commands that run tasks here ({@code run}, {@code demo}; docs/cli.md, "Stopping a
 * run"): while installed, the first SIGINT or SIGTERM is recorded and announced on stderr at once,
 * and the command, which polls {@link #received()}, stops its work gracefully and exits with {@link
 * Signal#exitStatus()}; a second one kills every process this JVM started and halts at once.
 *
 * <p>Why not a shutdown hook: a hook cannot tell SIGINT from SIGTERM, cannot see a second signal
 * (the JVM ignores it while hooks run), and must finish its work before the JVM goes, leaving the
 * command no way to print its summary in order. The handlers are {@code sun.misc.Signal}'s, the
 * JDK's supported-but-unofficial API (module {@code jdk.unsupported}), reached by reflection so
 * that the build's {@code -Xlint:all} has no proprietary-API warning to report; where it is missing
 * the JVM's own handling (shutdown hooks, exit 130/143) stays in place.
 *
 * <p>Thread-safe: handlers run on the JVM's signal threads, {@link #received()} is read by the
 * command's thread. {@link #close()} puts the previous handlers back.
 */
final class StopSignals implements AutoCloseable {

  /** The signals handled, with the exit status a command stopped by one ends with (128 + n). */
  enum Signal {
    INT(130),
    TERM(143);

    private final int exitStatus;

    Signal(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    int exitStatus() {
      return exitStatus;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private final PrintStream err;
  private final String what;
  private final Duration grace;
  private final Runnable onFirst;
  private final AtomicReference<Signal> first = new AtomicReference<>();
  private final List<Runnable> restore = new ArrayList<>();

  private StopSignals(PrintStream err, String what, Duration grace, Runnable onFirst) {
    this.err = Objects.requireNonNull(err, "err");
    this.what = Objects.requireNonNull(what, "what");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.onFirst = Objects.requireNonNull(onFirst, "onFirst");
  }

  /**
   * Installs the handlers.
   *
   * @param err where the announcement goes
   * @param what what the first signal does, for the announcement, e.g. {@code "cancelling job
   *     'fanout'"}
   */
  static StopSignals install(PrintStream err, String what) {
    return install(err, what, LocalCluster.STOP_GRACE, () -> {});
  }

  /**
   * Installs the handlers, for a command whose thread cannot poll (it waits on one task).
   *
   * @param grace how long running tasks get to end, for the announcement
   * @param onFirst run on the signal's thread after the announcement, e.g. closing the pool
   */
  static StopSignals install(PrintStream err, String what, Duration grace, Runnable onFirst) {
    StopSignals signals = new StopSignals(err, what, grace, onFirst);
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (Signal signal : Signal.values()) {
        Object jdkSignal = signalClass.getConstructor(String.class).newInstance(signal.name());
        Object handler =
            Proxy.newProxyInstance(
                handlerClass.getClassLoader(),
                new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                  if (method.getName().equals("handle")) {
                    signals.onSignal(signal);
                    return null;
                  }
                  return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "StopSignals handler of SIG" + signal.name();
                  };
                });
        Object previous = handle.invoke(null, jdkSignal, handler);
        signals.restore.add(() -> reinstall(handle, jdkSignal, previous));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "cannot handle SIGINT and SIGTERM here ({}); the JVM's default handling applies: no"
              + " summary after Ctrl-C",
          e.toString());
    }
    return signals;
  }

  /** The first signal received, if any. */
  Optional<Signal> received() {
    return Optional.ofNullable(first.get());
  }

  private void onSignal(Signal signal) {
    if (first.compareAndSet(null, signal)) {
      err.println(
          "spider: SIG"
              + signal.name()
              + ": "
              + what
              + "; running tasks are interrupted and get "
              + DurationConverter.format(grace)
              + " to end. Press Ctrl-C again to stop at once.");
      err.flush();
      onFirst.run();
      return;
    }
    err.println("spider: SIG" + signal.name() + " again: stopping at once");
    err.flush();
    // Executors would exit on their own once the halt closes their stdin; killing them, and what
    // their tasks started, first means nothing is left whatever state they are in.
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    System.out.flush();
    Runtime.getRuntime().halt(first.get().exitStatus());
  }

  private static void reinstall(Method handle, Object jdkSignal, Object previous) {
    try {
      handle.invoke(null, jdkSignal, previous);
    } catch (IllegalAccessException | InvocationTargetException e) {
      log.warn("cannot restore the previous handler of {}: {}", jdkSignal, e.toString());
    }
  }

  /** Puts the previous handlers back. */
  @Override
  public void close() {
    restore.forEach(Runnable::run);
    restore.clear();
  }
}
