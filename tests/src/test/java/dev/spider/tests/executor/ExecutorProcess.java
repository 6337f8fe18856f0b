package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.LogLines;
import dev.spider.tests.TestEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real executor process driven over real frames, through the contract module's frame writer and
 * codec (docs/frame-protocol.md). Its stdout and stderr are read on named background threads, so
 * every wait of a test is bounded by {@link #WAIT} and fails with the executor's stderr instead of
 * hanging. Closing kills the executor and every process it started.
 *
 * <p>Invariant: sequence numbers are handed out once each, starting at 1. Thread-safety: one test
 * thread drives it; sending is thread-safe, but concurrent waits would take each other's responses.
 */
public final class ExecutorProcess implements AutoCloseable {

  /** How long any single wait may take before the test fails instead of hanging. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ExecutorProcess.class);

  private final Process process;
  private final Path crashDir;
  private final OutputStream stdin;
  private final FrameWriter requests;
  private final ResponseStream responses;
  private final LogLines stderr = new LogLines();
  private final AtomicLong nextSeq = new AtomicLong(1);

  private ExecutorProcess(Process process, Path crashDir, int maxFrameBytes) {
    this.process = process;
    this.crashDir = crashDir;
    this.stdin = process.getOutputStream();
    // The largest maximum: the executor, not this driver, is under test for refusing frames.
    this.requests = new FrameWriter(stdin, FrameLimits.LARGEST_MAX_FRAME_BYTES);
    String name = "test-executor-" + process.pid();
    this.responses = new ResponseStream(process.getInputStream(), maxFrameBytes, name + "-stdout");
    stderr.follow(process.getErrorStream(), name + "-stderr");
  }

  /** Starts an executor over the sample packages. */
  public static ExecutorProcess start() throws IOException {
    return start(ExecutorSetup.samplePackages());
  }

  /** Starts an executor under the canonical command line as {@code setup} says. */
  public static ExecutorProcess start(ExecutorSetup setup) throws IOException {
    Path crashDir = Files.createTempDirectory("spider-test-crash");
    return spawn(setup.processBuilder(crashDir), crashDir, setup.maxFrameBytes());
  }

  /**
   * Starts an executor over the sample packages through the build's launcher script (run with
   * {@code sh}, as the staged copy has no execute bit), with its crash directory set.
   */
  public static ExecutorProcess startWithLauncher() throws IOException {
    Path crashDir = Files.createTempDirectory("spider-test-crash");
    ProcessBuilder builder =
        new ProcessBuilder("sh", TestEnvironment.executorLauncher().toString());
    Map<String, String> env = builder.environment();
    env.put(ExecutorEnvironment.PACKAGE_DIR, TestEnvironment.packagesDir().toString());
    env.put(ExecutorEnvironment.CRASH_DIR, crashDir.toString());
    env.remove(ExecutorEnvironment.HEAP); // the launcher's default heap is part of what is tested
    env.put("JAVA", TestEnvironment.javaBinary().toString());
    return spawn(builder, crashDir, FrameLimits.DEFAULT_MAX_FRAME_BYTES);
  }

  private static ExecutorProcess spawn(ProcessBuilder builder, Path crashDir, int maxFrameBytes)
      throws IOException {
    try {
      return new ExecutorProcess(builder.start(), crashDir, maxFrameBytes);
    } catch (IOException e) {
      deleteCrashDir(crashDir);
      throw e;
    }
  }

  public Process process() {
    return process;
  }

  public Path crashDir() {
    return crashDir;
  }

  public long nextSeq() {
    return nextSeq.getAndIncrement();
  }

  /** Waits for the Hello and checks its protocol version and pid. */
  public Response.Hello hello() throws InterruptedException {
    Response.Hello hello =
        assertInstanceOf(Response.Hello.class, nextResponse(), "the first frame must be a Hello");
    assertEquals(Response.PROTOCOL_VERSION, hello.protocolVersion(), "Hello protocol version");
    assertEquals(process.pid(), hello.pid(), "Hello pid");
    return hello;
  }

  public void send(Request request) throws IOException {
    requests.write(ProtocolCodec.encode(request));
  }

  /** Sends {@code body}, not empty, as one frame: for request bodies no codec would write. */
  public void sendBody(byte[] body) throws IOException {
    requests.write(body);
  }

  /**
   * Sends only a frame header (a big-endian u32) declaring {@code length} body bytes: for the
   * lengths the contract's frame writer refuses to write (0, or above a maximum), so that the
   * executor's own check is what is tested.
   */
  public void sendHeaderOnly(long length) throws IOException {
    stdin.write(
        new byte[] {
          (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
        });
    stdin.flush();
  }

  public void closeStdin() throws IOException {
    stdin.close();
  }

  /** Sends an Execute and returns its seq. */
  public long execute(String pkg, String task, byte[] ctx, byte[] inputs) throws IOException {
    long seq = nextSeq();
    send(new Request.Execute(seq, pkg, task, ctx, inputs));
    return seq;
  }

  /** Executes and waits for the Result, checking its seq. */
  public Response.Result call(String pkg, String task, byte[] ctx, byte[] inputs)
      throws IOException, InterruptedException {
    return result(execute(pkg, task, ctx, inputs));
  }

  public Response.Result describe(String pkg) throws IOException, InterruptedException {
    long seq = nextSeq();
    send(new Request.Describe(seq, pkg));
    return result(seq);
  }

  /** The next response, which must be the Result of {@code seq}. */
  public Response.Result result(long seq) throws InterruptedException {
    Response.Result result =
        assertInstanceOf(Response.Result.class, nextResponse(), "expected the Result of " + seq);
    assertEquals(seq, result.seq(), "Result seq");
    return result;
  }

  /** The next response; fails the test at the end of stdout or after {@link #WAIT}. */
  public Response nextResponse() throws InterruptedException {
    ResponseStream.Arrival next =
        responses
            .next(WAIT)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no response within " + WAIT + "; stderr:\n" + stderrText()));
    if (next instanceof ResponseStream.Frame frame) {
      return frame.response();
    }
    if (next instanceof ResponseStream.Broken broken) {
      throw new AssertionError(
          "executor stdout broken: " + broken.cause() + "; stderr:\n" + stderrText(),
          broken.cause());
    }
    throw new AssertionError("executor stdout ended; stderr:\n" + stderrText());
  }

  /** Whether stdout ends cleanly, with no further frame, within {@link #WAIT}. */
  public boolean stdoutEnds() throws InterruptedException {
    return responses.next(WAIT).orElse(null) instanceof ResponseStream.End;
  }

  /** Waits for the process to exit and returns its status. */
  public int exitStatus() throws InterruptedException {
    if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "executor did not exit within " + WAIT + "; stderr:\n" + stderrText());
    }
    return process.exitValue();
  }

  /** Whether stdout ended with no frame beyond those read; for after the process exited. */
  public boolean noFurtherFrames() throws InterruptedException {
    return responses.endsWithNothingUnread(WAIT);
  }

  /** The error of a failure Result; fails the test on a success. */
  public static ExecutorError error(Response.Result result) throws ProtocolException {
    assertFalse(result.success(), () -> "expected a failure, got success " + result);
    return ProtocolCodec.decodeError(result.payload());
  }

  public List<String> stderrLines() {
    return stderr.snapshot();
  }

  public String stderrText() {
    return stderr.text();
  }

  /** Whether a stderr line containing {@code text} arrives within {@link #WAIT}. */
  public boolean awaitStderr(String text) throws InterruptedException {
    return awaitStderrLine(text).isPresent();
  }

  /** The first stderr line containing {@code text}, waiting up to {@link #WAIT} for it. */
  public Optional<String> awaitStderrLine(String text) throws InterruptedException {
    return stderr.await(text, WAIT);
  }

  /** The processes the executor started that are still its descendants. */
  public List<ProcessHandle> descendants() {
    List<ProcessHandle> all = new ArrayList<>();
    process.descendants().forEach(all::add);
    return all;
  }

  /**
   * Kills the executor and its descendants, waits (bounded) for its exit and removes its crash
   * directory. Interrupted while waiting, it keeps the interrupt for the caller: the kill is sent.
   */
  @Override
  public void close() {
    List<ProcessHandle> children = descendants();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("executor pid {} still running {} after SIGKILL", process.pid(), WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteCrashDir(crashDir);
  }

  /** Removes a crash directory; one left behind is only logged, as it is a temporary directory. */
  private static void deleteCrashDir(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      log.warn("leaving executor crash directory {} behind: {}", dir, e.toString());
    }
  }
}
