package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor process and the manager's side of its protocol (docs/frame-protocol.md): the Hello,
 * one request at a time written and waited on to its {@link Outcome}, Shutdown, and the kill.
 *
 * <p>Its life is an {@link ExecutorLifecycle}: STARTING until a valid Hello, then READY and BUSY in
 * turn, DEAD after a crash, a timeout kill, a failed start or retirement. Whoever ends that life
 * makes sure the process group is killed, so once DEAD every {@link #kill} is a no-op.
 *
 * <p>The thread that waits — the caller of a request; for the Hello, the thread starting the pool
 * or a spawner thread — reads the executor's stdout itself ({@link ResultReader}), with no reader
 * thread and no queue in between; {@link WaitDeadlines} on the shared {@link DeadlineTimer} bound
 * every such read by killing the process group, which ends the stream (docs/process-pool.md,
 * "Waiting for a Result"). Whatever ends the wait decides the outcome through the lifecycle: a
 * deadline that fires after the Result was taken changes nothing.
 *
 * <p>Thread-safety: one thread at a time does the Hello and the requests (the pool hands a handle
 * to one caller, through its idle queue, which also publishes the fields that caller wrote); {@link
 * #kill}, {@link #isAlive}, {@link #requestShutdown} and {@link #awaitExit} may be called from any
 * thread.
 */
final class ExecutorHandle implements RecyclePolicy.Usage {

  private static final Logger log = LoggerFactory.getLogger(ExecutorHandle.class);

  private final String id;
  private final Process process;
  private final FrameWriter writer;
  private final ResultReader stdout;
  private final DeadlineTimer timer;
  private final ExecutorLifecycle lifecycle;
  private final CrashReporter crashes;
  private final PackageWatch packages;
  // Confined to the thread that owns the executor.
  private long nextSeq = 1;
  private long tasksRun;

  /** Takes over a started process: forwards its stderr and watches its exit, on watch threads. */
  ExecutorHandle(String id, Process process, PoolConfig config, Path crashDir) {
    this.id = id;
    this.process = process;
    this.writer = new FrameWriter(process.getOutputStream(), config.maxFrameBytes());
    this.stdout = new ResultReader(process.getInputStream(), config.maxFrameBytes());
    this.timer = DeadlineTimer.shared();
    this.lifecycle = new ExecutorLifecycle(id, process.pid());
    StderrForwarder stderr =
        new StderrForwarder(
            id,
            process.getErrorStream(),
            config.maxLogLineBytes(),
            config.stderrTailLines(),
            config.logSink());
    this.crashes = new CrashReporter(id, process, crashDir, stderr, stderr.start());
    this.packages = new PackageWatch(config.packageDir());
    ExecutorEvents.killGroupOnExit(id, process);
  }

  String id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  /** Completes when the process has exited: watched through the owned process, never by pid. */
  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  ExecutorState state() {
    return lifecycle.state();
  }

  /** Why the executor died; empty while it lives. */
  Optional<ExecutorLifecycle.Death> death() {
    return lifecycle.death();
  }

  boolean isAlive() {
    return !lifecycle.state().isTerminal() && process.isAlive();
  }

  @Override
  public long tasksRun() {
    return tasksRun;
  }

  @Override
  public OptionalLong residentBytes() {
    return ResidentMemory.of(process.pid());
  }

  @Override
  public Optional<String> redeployedPackage() {
    return packages.changed();
  }

  /**
   * Waits for the Hello and checks it; the executor is then READY.
   *
   * @throws StartupFailure with a crash report when it does not arrive in time, is not a Hello, or
   *     speaks another protocol or TDL version; the process group is killed
   * @throws InterruptedException when the waiting thread was interrupted; the executor is killed
   */
  Response.Hello awaitHello(Duration timeout) throws StartupFailure, InterruptedException {
    String noHello = "no Hello within " + timeout;
    ExecutorEvent event;
    WaitDeadlines deadlines =
        WaitDeadlines.arm(timer, id + " Hello", timeout, Optional.empty(), startActions(noHello));
    try {
      event = stdout.next();
    } finally {
      deadlines.close();
    }
    String problem;
    if (event instanceof ExecutorEvent.Frame frame
        && frame.response() instanceof Response.Hello hello) {
      Optional<String> mismatch = mismatch(hello);
      if (mismatch.isEmpty()) {
        if (hello.pid() != process.pid()) {
          log.warn("[{}] Hello names pid {}, the process is {}", id, hello.pid(), process.pid());
        }
        // False when it died meanwhile: the pool closed and killed it (the next request finds it
        // dead), or the start deadline fired as the Hello arrived, which is a failed start — a
        // Hello that lost that race must not reset the slot's backoff.
        if (lifecycle.advance(ExecutorState.READY) || diedOf(KillReason.SHUT_DOWN)) {
          log.info("[{}] executor pid {} ready (TDL {})", id, process.pid(), hello.tdlVersion());
          return hello;
        }
        if (diedOf(KillReason.ABANDONED)) {
          throw interrupted("while waiting for the Hello of " + this);
        }
        problem = noHello;
      } else {
        problem = mismatch.get();
      }
    } else if (diedOf(KillReason.STARTUP_FAILED)) {
      problem = noHello; // the deadline killed it, which ended its stdout
    } else if (diedOf(KillReason.ABANDONED)) {
      throw interrupted("while waiting for the Hello of " + this);
    } else {
      problem = "ended before its Hello (" + event.describe() + ")";
    }
    lifecycle.die(KillReason.STARTUP_FAILED, problem);
    throw new StartupFailure(crashes.report("startup failed: " + problem));
  }

  private WaitDeadlines.Actions startActions(String noHello) {
    return new WaitDeadlines.Actions() {
      @Override
      public void soft() {}

      @Override
      public void hard() {
        if (lifecycle.expireStart(noHello)) {
          killGroup(noHello);
        }
      }

      @Override
      public void abandoned() {
        if (lifecycle.state() == ExecutorState.STARTING) {
          kill(KillReason.ABANDONED, "the thread waiting for its Hello was interrupted");
        }
      }

      @Override
      public void stuck() {
        killHoldersOfStdout();
      }
    };
  }

  private static Optional<String> mismatch(Response.Hello hello) {
    if (hello.protocolVersion() != Response.PROTOCOL_VERSION) {
      return Optional.of(
          "speaks protocol "
              + hello.protocolVersion()
              + ", this manager "
              + Response.PROTOCOL_VERSION);
    }
    if (!Version.CURRENT.isCompatibleWith(hello.tdlVersion())) {
      return Optional.of(
          "speaks TDL " + hello.tdlVersion() + ", incompatible with " + Version.CURRENT);
    }
    return Optional.empty();
  }

  /**
   * Writes one request and reads its outcome on the calling thread: the Result, or a timeout or
   * crash, after which the executor is DEAD. At the soft deadline, if any, the executor is sent an
   * Interrupt; at the hard deadline its process group is killed. Both deadlines are counted from
   * before the write, so a write blocked on a stuck executor is bounded too.
   *
   * @throws LostBeforeWrite when the executor is found dead before the request reached it
   * @throws InterruptedException when the caller is interrupted, before the write or while waiting;
   *     the executor is then killed ({@link KillReason#ABANDONED}) and must be replaced
   */
  Outcome exchange(Exchange exchange) throws LostBeforeWrite, InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted("before writing " + exchange + " to " + this);
    }
    // Anything the executor says while idle means it ended or broke the protocol.
    boolean spoke = stdout.hasUnreadBytes();
    long seq = nextSeq++;
    if (spoke || !process.isAlive() || !lifecycle.beginRequest(seq)) {
      throw new LostBeforeWrite(
          id
              + " ended while idle ("
              + (spoke ? "it wrote to stdout unasked" : "its process is gone")
              + ")");
    }
    if (exchange instanceof Exchange.RunTask task) {
      packages.record(task.request().packageName());
    }
    ResultReader.Reading reading;
    WaitDeadlines deadlines =
        WaitDeadlines.arm(
            timer,
            id + " seq " + seq,
            exchange.hardTimeout(),
            exchange.softTimeout(),
            requestActions(seq, exchange));
    try {
      try {
        writer.write(ProtocolCodec.encode(exchange.frame(seq)));
      } catch (IOException e) {
        return endedBeforeAnswer(exchange)
            .orElseThrow(
                () ->
                    new LostBeforeWrite(id + " could not take the request: " + e.getMessage(), e));
      }
      if (exchange instanceof Exchange.RunTask) {
        tasksRun++;
      }
      reading = stdout.read(seq, exchange);
      if (reading instanceof ResultReader.Answer answer && lifecycle.advance(ExecutorState.READY)) {
        return answer.outcome(); // taken before any deadline could act: the common case
      }
    } finally {
      deadlines.close();
    }
    return outcomeAfterDeath(exchange, reading);
  }

  private WaitDeadlines.Actions requestActions(long seq, Exchange exchange) {
    return new WaitDeadlines.Actions() {
      @Override
      public void soft() {
        exchange
            .softTimeout()
            .ifPresent(soft -> Interrupter.sendLater(id, writer, seq, soft, lifecycle::isBusyWith));
      }

      @Override
      public void hard() {
        if (lifecycle.expireRequest(seq, KillReason.TIMED_OUT, exchange.timeoutDetail())) {
          killGroup(exchange.timeoutDetail());
        }
      }

      @Override
      public void abandoned() {
        String detail = "the caller waiting for " + exchange + " was interrupted";
        if (lifecycle.expireRequest(seq, KillReason.ABANDONED, detail)) {
          killGroup(detail);
        }
      }

      @Override
      public void stuck() {
        killHoldersOfStdout();
      }
    };
  }

  /**
   * The outcome once the wait ended without a Result taken in time: the executor is dead, or is to
   * be killed now (a broken protocol) or once its exit had {@link ExecutorEvents#DRAIN} to come.
   */
  private Outcome outcomeAfterDeath(Exchange exchange, ResultReader.Reading reading)
      throws InterruptedException {
    if (reading instanceof ResultReader.Answer answer) {
      // Dead before its answer was taken: a deadline, an interrupt, or the pool closing (then the
      // answer stands).
      return endedBeforeAnswer(exchange).orElse(answer.outcome());
    }
    boolean broken = reading instanceof ResultReader.Broken;
    String cause =
        broken
            ? ((ResultReader.Broken) reading).cause() + "; the manager killed the executor"
            : ((ResultReader.Ended) reading).cause();
    // A timeout or an abandonment recorded first outranks the crash and stays.
    lifecycle.die(KillReason.CRASHED, cause);
    Optional<Outcome> ended = endedBeforeAnswer(exchange);
    if (ended.isPresent()) {
      return ended.get();
    }
    if (broken) {
      killGroup(cause); // its stream cannot be trusted again: no need to wait for an exit
    } else if (process.waitFor(ExecutorEvents.DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
      cause += "; process exited with status " + process.exitValue();
    } else {
      // Stdout ended but the process lives on: it is stuck exiting (a shutdown hook that never
      // ends, say). That is a crash, reported now, not a hang until the hard timeout.
      cause += "; process still running " + ExecutorEvents.DRAIN.toMillis() + " ms later";
      killGroup(cause);
    }
    CrashReport report = crashes.report(cause);
    log.warn("[{}] crashed: {}", id, report.summary());
    return new Outcome.ExecutorCrash(report);
  }

  /**
   * The outcome when a deadline or the caller's interruption already ended the request: {@link
   * Outcome.Timeout}, or an {@link InterruptedException}; empty when neither did.
   */
  private Optional<Outcome> endedBeforeAnswer(Exchange exchange) throws InterruptedException {
    if (diedOf(KillReason.TIMED_OUT)) {
      return Optional.of(new Outcome.Timeout(exchange.hardTimeout()));
    }
    if (diedOf(KillReason.ABANDONED)) {
      throw interrupted("while waiting for " + exchange + " on " + this);
    }
    return Optional.empty();
  }

  private boolean diedOf(KillReason reason) {
    return lifecycle.death().map(death -> death.reason() == reason).orElse(false);
  }

  /** The interrupt the caller asked for, as the exception; clears the thread's interrupt status. */
  private static InterruptedException interrupted(String when) {
    Thread.interrupted();
    return new InterruptedException("interrupted " + when);
  }

  private void killGroup(String detail) {
    log.info("[{}] killing executor pid {}: {}", id, process.pid(), detail);
    ProcessGroups.killGroup(process.toHandle());
  }

  /**
   * The read is still open well after a kill: something in the executor's group still holds its
   * stdout although the executor is gone. The group is signalled whether the executor lives or not:
   * while a member holds the pipe the group id cannot have been reused.
   */
  private void killHoldersOfStdout() {
    log.error(
        "[{}] stdout of executor pid {} is still open after the kill: killing its group again",
        id,
        process.pid());
    ProcessGroups.killExitedGroup(process.toHandle());
    ProcessGroups.killGroup(process.toHandle());
  }

  /** Kills the executor's process group, unless it is already DEAD; then only ranks the reason. */
  void kill(KillReason reason, String detail) {
    if (lifecycle.die(reason, detail)) {
      killGroup(detail);
    }
  }

  /** Asks the executor to shut down; returns at once. {@link #awaitExit} bounds the wait. */
  void requestShutdown() {
    try {
      writer.write(ProtocolCodec.encode(new Request.Shutdown()));
    } catch (IOException e) {
      // Already gone or going: awaitExit finds out, and kills what is left.
      log.debug("[{}] Shutdown not delivered: {}", id, e.getMessage());
    }
  }

  /**
   * Waits up to {@code grace} for the process to exit after {@link #requestShutdown}, then kills
   * its group: the process if it is still there, else whatever its tasks left behind.
   */
  void awaitExit(Duration grace) throws InterruptedException {
    if (grace.compareTo(Duration.ZERO) > 0) {
      process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
    }
    boolean exited = !process.isAlive();
    String detail =
        exited ? "exited after Shutdown" : "did not exit within the shutdown grace period";
    if (lifecycle.die(KillReason.SHUT_DOWN, detail) && !exited) {
      log.info("[{}] killing executor pid {}: {}", id, process.pid(), detail);
    }
    ProcessGroups.killGroup(process.toHandle());
  }

  @Override
  public String toString() {
    return id + "(pid " + process.pid() + ")";
  }
}
