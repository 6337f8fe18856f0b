package dev.spider.manager.pool;

import dev.spider.protocol.process.CanonicalCommandLine;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.tdl.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor process and the manager's side of its protocol.
 *
 * <p>States: {@code STARTING → READY ⇄ BUSY → DEAD}; {@code DEAD} is terminal and reached by a
 * crash, a timeout kill, a startup failure or retirement. Everything the executor says arrives as
 * {@link Event}s on one queue — frames and stdout EOF from the stdout thread, process exit from the
 * JVM's process reaper — so a running task's caller waits on exactly one thing, with a deadline.
 *
 * <p>Thread-safety: one caller at a time runs requests (the pool hands a handle to one caller);
 * {@link #kill} and {@link #isAlive} may be called from any thread.
 */
final class ExecutorHandle {

  private static final Logger log = LoggerFactory.getLogger(ExecutorHandle.class);

  /** How long to wait for the last frames after the process exited or stdout ended. */
  private static final Duration DRAIN = Duration.ofMillis(500);

  /** What the executor did, in the order the manager saw it. */
  private sealed interface Event {}

  private record Frame(Response response) implements Event {}

  private record StdoutEnded() implements Event {}

  private record Broken(ProtocolException error) implements Event {}

  private record Exited(int status) implements Event {}

  /** The executor was found dead before the request reached it: the caller may retry elsewhere. */
  static final class LostBeforeWrite extends Exception {
    private static final long serialVersionUID = 1L;

    LostBeforeWrite(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The executor failed to start: no Hello within the deadline, or a bad one, or it died first. */
  static final class StartupFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient CrashReport report;

    StartupFailure(CrashReport report) {
      super(report.summary());
      this.report = report;
    }

    /** The process could not even be started (no such binary, no permission, no memory). */
    static StartupFailure cannotSpawn(String executorId, String why) {
      return new StartupFailure(
          new CrashReport(executorId, -1, why, OptionalInt.empty(), OptionalInt.empty(), List.of(), Optional.empty()));
    }

    CrashReport report() {
      return report;
    }
  }

  private final String id;
  private final Process process;
  private final FrameWriter writer;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StderrForwarder stderr;
  private final Thread stderrThread;
  private final Path crashDir;
  private final Path packageDir;
  private final Map<String, PackageStamp> packages = new HashMap<>();
  private long nextSeq = 1;
  private long tasksRun;
  private long packagesCheckedNanos;
  private volatile boolean dead;

  private ExecutorHandle(String id, Process process, PoolConfig config, Path crashDir) {
    this.id = id;
    this.process = process;
    this.crashDir = crashDir;
    this.packageDir = config.packageDir();
    this.writer = new FrameWriter(process.getOutputStream(), config.maxFrameBytes());
    this.stderr = new StderrForwarder(
            id, process.getErrorStream(), config.maxLogLineBytes(), config.stderrTailLines(), config.logSink());
    this.stderrThread = stderr.start();
    FrameReader reader = new FrameReader(process.getInputStream(), config.maxFrameBytes());
    Thread stdout = new Thread(() -> readStdout(reader), id + "-stdout");
    stdout.setDaemon(true);
    stdout.start();
    process.onExit().thenAccept(p -> events.add(new Exited(p.exitValue())));
  }

  /** Starts an executor process; its Hello is awaited separately. */
  static ExecutorHandle spawn(String id, PoolConfig config, Path crashDir, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            CanonicalCommandLine.of(config.javaBinary(), config.heap(), crashDir, config.extraJvmOptions(), config.executorJar()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    log.info("[{}] started executor pid {}", id, process.pid());
    return new ExecutorHandle(id, process, config, crashDir);
  }

  String id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  long tasksRun() {
    return tasksRun;
  }

  boolean isAlive() {
    return !dead && process.isAlive();
  }

  /**
   * Waits for the Hello and checks it.
   *
   * @throws StartupFailure with a crash report when it does not arrive in time, is not a Hello, or
   *     speaks another protocol or TDL version; the process is killed
   */
  Response.Hello awaitHello(Duration timeout) throws StartupFailure, InterruptedException {
    Event event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    String problem;
    if (event == null) {
      problem = "no Hello within " + timeout;
    } else if (event instanceof Frame frame && frame.response() instanceof Response.Hello hello) {
      if (hello.protocolVersion() != Response.PROTOCOL_VERSION) {
        problem = "speaks protocol " + hello.protocolVersion() + ", this manager " + Response.PROTOCOL_VERSION;
      } else if (!Version.CURRENT.isCompatibleWith(hello.tdlVersion())) {
        problem = "speaks TDL " + hello.tdlVersion() + ", incompatible with " + Version.CURRENT;
      } else {
        if (hello.pid() != process.pid()) {
          log.warn("[{}] Hello names pid {}, the process is {}", id, hello.pid(), process.pid());
        }
        log.info("[{}] executor pid {} ready (TDL {})", id, process.pid(), hello.tdlVersion());
        return hello;
      }
    } else {
      problem = "ended before its Hello (" + describe(event) + ")";
    }
    throw new StartupFailure(crash("startup failed: " + problem, event));
  }

  /**
   * Runs one request to its outcome. The caller owns this handle meanwhile.
   *
   * @throws LostBeforeWrite when the executor is found dead before the request reached it
   */
  Outcome run(ExecuteRequest request, Timeouts timeouts) throws LostBeforeWrite, InterruptedException {
    if (!isAlive() || !events.isEmpty()) {
      // Anything the executor says while idle means it ended or broke the protocol.
      throw new LostBeforeWrite(id + " ended while idle (" + describe(events.peek()) + ")", null);
    }
    packages.computeIfAbsent(request.packageName(), name -> PackageStamp.of(packageDir, name));
    long seq = nextSeq++;
    long start = System.nanoTime();
    try {
      writer.write(
          ProtocolCodec.encode(
              new Request.Execute(seq, request.packageName(), request.taskName(),
                  request.rawContextUnsafe(), request.rawInputsUnsafe())));
    } catch (IOException e) {
      throw new LostBeforeWrite(id + " could not take the request: " + e.getMessage(), e);
    }
    tasksRun++;
    long hardDeadline = start + timeouts.hard().toNanos();
    long softDeadline = timeouts.soft().map(s -> start + s.toNanos()).orElse(Long.MAX_VALUE);
    boolean interruptSent = false;
    while (true) {
      long now = System.nanoTime();
      long wakeAt = interruptSent ? hardDeadline : Math.min(hardDeadline, softDeadline);
      if (now - hardDeadline >= 0) {
        kill("hard timeout of " + timeouts.hard() + " passed running " + request);
        return new Outcome.Timeout(timeouts.hard());
      }
      if (!interruptSent && now - softDeadline >= 0) {
        interruptSent = true;
        sendInterrupt(seq, timeouts);
        continue;
      }
      Event event = events.poll(wakeAt - now, TimeUnit.NANOSECONDS);
      if (event == null) {
        continue;
      }
      Optional<Outcome> outcome = outcomeOf(event, seq, request);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
  }

  /**
   * Asks the executor to load and describe a package. The outcome's success payload is the
   * description map; a load failure is an {@link Outcome.InTaskFailure}.
   *
   * @throws LostBeforeWrite when the executor is found dead before the request reached it
   */
  Outcome describe(String packageName, Duration timeout) throws LostBeforeWrite, InterruptedException {
    if (!isAlive() || !events.isEmpty()) {
      throw new LostBeforeWrite(id + " ended while idle (" + describe(events.peek()) + ")", null);
    }
    long seq = nextSeq++;
    try {
      writer.write(ProtocolCodec.encode(new Request.Describe(seq, packageName)));
    } catch (IOException e) {
      throw new LostBeforeWrite(id + " could not take the request: " + e.getMessage(), e);
    }
    String what = "describe " + packageName;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        kill("no description of " + packageName + " within " + timeout);
        return new Outcome.Timeout(timeout);
      }
      Event event = events.poll(left, TimeUnit.NANOSECONDS);
      if (event != null) {
        Optional<Outcome> outcome = outcomeOf(event, seq, what);
        if (outcome.isPresent()) {
          return outcome.get();
        }
      }
    }
  }

  private void sendInterrupt(long seq, Timeouts timeouts) {
    try {
      writer.write(ProtocolCodec.encode(new Request.Interrupt(seq)));
      log.info("[{}] soft timeout {} passed: interrupting seq {}", id, timeouts.soft().orElseThrow(), seq);
    } catch (IOException e) {
      log.warn("[{}] could not send Interrupt: {}", id, e.getMessage()); // the exit event follows
    }
  }

  private Optional<Outcome> outcomeOf(Event event, long seq, Object request) throws InterruptedException {
    if (event instanceof Frame frame) {
      if (frame.response() instanceof Response.Result result && result.seq() == seq) {
        if (result.success()) {
          return Optional.of(new Outcome.Success(result.payload(), result.elapsedMicros()));
        }
        try {
          ExecutorError error = ProtocolCodec.decodeError(result.payload());
          return Optional.of(new Outcome.InTaskFailure(error, result.elapsedMicros()));
        } catch (ProtocolException e) {
          return Optional.of(crashed("broken failure payload: " + e.getMessage(), event));
        }
      }
      return Optional.of(crashed("protocol violation: expected the Result of seq " + seq + ", got " + frame.response(), event));
    }
    // Exit or stdout EOF: the Result may still be in flight if the executor wrote it just before
    // dying; look for it briefly, then call it a crash. Once stdout has ended (no frame can follow)
    // and the exit was seen, nothing more can arrive: stop at once rather than at the deadline, so
    // a crash is reported (and the executor replaced) in milliseconds.
    boolean stdoutOver = event instanceof StdoutEnded || event instanceof Broken;
    boolean exited = event instanceof Exited;
    long deadline = System.nanoTime() + DRAIN.toNanos();
    Event next;
    while (!(stdoutOver && exited)
        && (next = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
      if (next instanceof Frame frame && frame.response() instanceof Response.Result result && result.seq() == seq) {
        log.info("[{}] Result of seq {} arrived as the executor ended ({})", id, seq, describe(event));
        events.add(event);
        return outcomeOf(next, seq, request);
      }
      if (next instanceof Exited) {
        event = next;
        exited = true;
      } else if (next instanceof StdoutEnded || next instanceof Broken) {
        stdoutOver = true;
      }
    }
    return Optional.of(crashed("executor ended while running " + request + " (" + describe(event) + ")", event));
  }

  private Outcome crashed(String cause, Event event) throws InterruptedException {
    CrashReport report = crash(cause, event);
    log.warn("[{}] crashed: {}", id, report.summary());
    return new Outcome.ExecutorCrash(report);
  }

  /** Builds a crash report, killing the process first if it still runs. */
  private CrashReport crash(String cause, Event event) throws InterruptedException {
    dead = true;
    process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    ProcessGroups.killGroup(process.toHandle()); // also the children a task left behind
    process.waitFor(5, TimeUnit.SECONDS);
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
    Path crashLog = crashDir.resolve("hs_err_pid" + process.pid() + ".log");
    return new CrashReport(
        id, process.pid(), cause, exit, signal, stderrTail(), Files.exists(crashLog) ? Optional.of(crashLog) : Optional.empty());
  }

  /** The last stderr lines, once the forwarder has read what the dead process wrote (bounded). */
  private List<String> stderrTail() throws InterruptedException {
    stderrThread.join(DRAIN.toMillis());
    return stderr.tail();
  }

  /** Whether a package this executor has used was redeployed since (checked at most every 100 ms). */
  boolean packagesChanged() {
    long now = System.nanoTime();
    if (packages.isEmpty() || now - packagesCheckedNanos < 100_000_000L) {
      return false;
    }
    packagesCheckedNanos = now;
    for (Map.Entry<String, PackageStamp> e : packages.entrySet()) {
      if (!PackageStamp.of(packageDir, e.getKey()).equals(e.getValue())) {
        log.info("[{}] package {} changed on disk", id, e.getKey());
        return true;
      }
    }
    return false;
  }

  /** Resident memory of the executor from /proc, if readable. */
  OptionalLong residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      log.debug("[{}] cannot read resident memory: {}", id, e.toString());
    }
    return OptionalLong.empty();
  }

  /** Kills the executor's process group; idempotent. */
  void kill(String why) {
    if (!dead) {
      log.info("[{}] killing executor pid {}: {}", id, process.pid(), why);
    }
    dead = true;
    ProcessGroups.killGroup(process.toHandle());
  }

  /** Asks the executor to shut down; returns at once. {@link #awaitExit} bounds the wait. */
  void requestShutdown() {
    try {
      writer.write(ProtocolCodec.encode(new Request.Shutdown()));
    } catch (IOException e) {
      log.debug("[{}] Shutdown not delivered: {}", id, e.getMessage());
    }
  }

  /** Waits for the process to exit until {@code deadlineNanos}; kills its group if it has not. */
  void awaitExit(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      process.waitFor(left, TimeUnit.NANOSECONDS);
    }
    if (process.isAlive()) {
      kill("did not exit within the shutdown grace period");
    } else {
      dead = true;
      ProcessGroups.killGroup(process.toHandle()); // processes its tasks left behind
    }
  }

  /**
   * The outcome of a request too large for one frame, which is refused before any executor sees
   * it; empty when the request fits.
   */
  static Optional<Outcome> refuseOversize(ExecuteRequest request, int maxFrameBytes) {
    long bound = request.rawContextUnsafe().length + (long) request.rawInputsUnsafe().length
        + 4L * (request.packageName().length() + request.taskName().length()) + 64;
    if (bound <= maxFrameBytes) {
      return Optional.empty();
    }
    int size =
        ProtocolCodec.encode(
                new Request.Execute(Long.MAX_VALUE, request.packageName(), request.taskName(),
                    request.rawContextUnsafe(), request.rawInputsUnsafe()))
            .length;
    if (size <= maxFrameBytes) {
      return Optional.empty();
    }
    return Optional.of(
        new Outcome.InTaskFailure(
            ExecutorError.of(
                dev.spider.protocol.ErrorKind.INVALID_REQUEST,
                "the request for " + request.packageName() + "/" + request.taskName() + " is " + size
                    + " bytes, more than the maximum frame size of " + maxFrameBytes
                    + " bytes (SPIDER_MAX_FRAME_BYTES): pass large data by reference, not as inputs"),
            0));
  }

  private void readStdout(FrameReader reader) {
    try {
      Optional<byte[]> body;
      while ((body = reader.next()).isPresent()) {
        events.add(new Frame(ProtocolCodec.decodeResponse(body.get())));
      }
      events.add(new StdoutEnded());
    } catch (ProtocolException e) {
      events.add(new Broken(e));
    } catch (IOException e) {
      events.add(new StdoutEnded());
    }
  }

  private static String describe(Event event) {
    if (event == null) {
      return "nothing";
    }
    if (event instanceof Exited exited) {
      return "process exited with status " + exited.status();
    }
    if (event instanceof StdoutEnded) {
      return "stdout ended";
    }
    if (event instanceof Broken broken) {
      return "broken frame: " + broken.error().getMessage();
    }
    return "unexpected " + ((Frame) event).response();
  }

  @Override
  public String toString() {
    return id + "(pid " + process.pid() + ")";
  }
}
