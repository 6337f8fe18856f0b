package dev.spider.manager.pool;

import com.google.common.base.Stopwatch;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor process and the manager's side of its protocol (docs/frame-protocol.md): the Hello,
 * one request at a time written and waited on to its {@link Outcome}, Shutdown, and the kill.
 *
 * <p>Its life is an {@link ExecutorLifecycle}: STARTING until a valid Hello, then READY and BUSY in
 * turn, DEAD after a crash, a timeout kill, a failed start or retirement. Whoever ends that life
 * makes sure the process group is killed, so once DEAD every {@link #kill} is a no-op. Everything
 * the executor says arrives on its {@link ExecutorEvents}, so a request's caller waits on exactly
 * one queue, with a deadline.
 *
 * <p>Thread-safety: one caller at a time does the Hello and the requests (the pool hands a handle
 * to one caller, through its idle queue, which also publishes the fields that caller wrote); {@link
 * #kill}, {@link #isAlive}, {@link #requestShutdown} and {@link #awaitExit} may be called from any
 * thread.
 */
final class ExecutorHandle implements RecyclePolicy.Usage {

  private static final Logger log = LoggerFactory.getLogger(ExecutorHandle.class);

  private final String id;
  private final Process process;
  private final FrameWriter writer;
  private final ExecutorEvents events;
  private final ExecutorLifecycle lifecycle;
  private final ResultReader results;
  private final CrashReporter crashes;
  private final PackageWatch packages;
  // Confined to the caller that owns the executor.
  private long nextSeq = 1;
  private long tasksRun;

  /** Takes over a started process: starts its stdout and stderr threads. */
  ExecutorHandle(String id, Process process, PoolConfig config, Path crashDir) {
    this.id = id;
    this.process = process;
    this.writer = new FrameWriter(process.getOutputStream(), config.maxFrameBytes());
    this.lifecycle = new ExecutorLifecycle(id, process.pid());
    StderrForwarder stderr =
        new StderrForwarder(
            id,
            process.getErrorStream(),
            config.maxLogLineBytes(),
            config.stderrTailLines(),
            config.logSink());
    this.crashes = new CrashReporter(id, process, crashDir, stderr, stderr.start());
    this.events = ExecutorEvents.listen(id, process, config.maxFrameBytes());
    this.results = new ResultReader(id, events);
    this.packages = new PackageWatch(config.packageDir());
  }

  String id() {
    return id;
  }

  long pid() {
    return process.pid();
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
   */
  Response.Hello awaitHello(Duration timeout) throws StartupFailure, InterruptedException {
    Optional<ExecutorEvent> event = events.poll(timeout);
    String problem;
    if (event.isEmpty()) {
      problem = "no Hello within " + timeout;
    } else if (event.get() instanceof ExecutorEvent.Frame frame
        && frame.response() instanceof Response.Hello hello) {
      Optional<String> mismatch = mismatch(hello);
      if (mismatch.isEmpty()) {
        if (hello.pid() != process.pid()) {
          log.warn("[{}] Hello names pid {}, the process is {}", id, hello.pid(), process.pid());
        }
        log.info("[{}] executor pid {} ready (TDL {})", id, process.pid(), hello.tdlVersion());
        // False when the pool closed meanwhile and killed it: the next request finds it dead.
        lifecycle.advance(ExecutorState.READY);
        return hello;
      }
      problem = mismatch.get();
    } else {
      problem = "ended before its Hello (" + event.get().describe() + ")";
    }
    lifecycle.die(KillReason.STARTUP_FAILED, problem);
    throw new StartupFailure(crashes.report("startup failed: " + problem));
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
   * Writes one request and waits for its outcome: the Result, or a timeout or crash, after which
   * the executor is DEAD. At the soft deadline, if any, the executor is sent an Interrupt; at the
   * hard deadline its process group is killed.
   *
   * @throws LostBeforeWrite when the executor is found dead before the request reached it
   */
  Outcome exchange(Exchange exchange) throws LostBeforeWrite, InterruptedException {
    Optional<ExecutorEvent> said = events.peek();
    // Anything the executor says while idle means it ended or broke the protocol.
    if (said.isPresent() || !process.isAlive() || !lifecycle.advance(ExecutorState.BUSY)) {
      throw new LostBeforeWrite(
          id + " ended while idle (" + said.map(ExecutorEvent::describe).orElse("nothing") + ")");
    }
    if (exchange instanceof Exchange.RunTask task) {
      packages.record(task.request().packageName());
    }
    long seq = nextSeq++;
    Stopwatch elapsed = Stopwatch.createStarted();
    try {
      writer.write(ProtocolCodec.encode(exchange.frame(seq)));
    } catch (IOException e) {
      throw new LostBeforeWrite(id + " could not take the request: " + e.getMessage(), e);
    }
    if (exchange instanceof Exchange.RunTask) {
      tasksRun++;
    }
    return awaitOutcome(exchange, seq, elapsed);
  }

  /** Waits for the outcome of request {@code seq}, written {@code elapsed} ago. */
  private Outcome awaitOutcome(Exchange exchange, long seq, Stopwatch elapsed)
      throws InterruptedException {
    Duration hard = exchange.hardTimeout();
    Optional<Duration> soft = exchange.softTimeout(); // emptied once the Interrupt is sent
    while (true) {
      Duration now = elapsed.elapsed();
      if (now.compareTo(hard) >= 0) {
        kill(KillReason.TIMED_OUT, exchange.timeoutDetail());
        return new Outcome.Timeout(hard);
      }
      if (soft.isPresent() && now.compareTo(soft.get()) >= 0) {
        sendInterrupt(seq, soft.get());
        soft = Optional.empty();
        continue;
      }
      Optional<ExecutorEvent> event = events.poll(soft.orElse(hard).minus(now));
      if (event.isPresent()) {
        return outcomeOf(results.read(event.get(), seq, exchange));
      }
    }
  }

  private void sendInterrupt(long seq, Duration soft) {
    try {
      writer.write(ProtocolCodec.encode(new Request.Interrupt(seq)));
      log.info("[{}] soft timeout {} passed: interrupting seq {}", id, soft, seq);
    } catch (IOException e) {
      // Not fatal here: the executor is ending, and its exit event ends the wait.
      log.warn("[{}] could not send Interrupt: {}", id, e.getMessage());
    }
  }

  private Outcome outcomeOf(ResultReader.Reading reading) throws InterruptedException {
    if (reading instanceof ResultReader.Answer answer) {
      // False when the pool closed meanwhile and killed it: the outcome stands all the same.
      lifecycle.advance(ExecutorState.READY);
      return answer.outcome();
    }
    String cause = ((ResultReader.Ended) reading).cause();
    // The report kills the group, once the crash has had its moment to end on its own.
    lifecycle.die(KillReason.CRASHED, cause);
    CrashReport report = crashes.report(cause);
    log.warn("[{}] crashed: {}", id, report.summary());
    return new Outcome.ExecutorCrash(report);
  }

  /** Kills the executor's process group, unless it is already DEAD; then only ranks the reason. */
  void kill(KillReason reason, String detail) {
    if (lifecycle.die(reason, detail)) {
      log.info("[{}] killing executor pid {}: {}", id, process.pid(), detail);
      ProcessGroups.killGroup(process.toHandle());
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
