package dev.spider.tests.executor;

import dev.spider.protocol.process.ExecutorEnvironment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.tests.TestEnvironment;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real executor process under the canonical command line, driven over real frames. Responses are
 * read on a background thread so every wait in a test is bounded. Closing kills the executor's whole
 * process group.
 */
public final class ExecutorProcess implements AutoCloseable {

  /** How long any single wait may take before the test fails instead of hanging. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Path crashDir;
  private final AtomicLong nextSeq = new AtomicLong(1);
  private final Thread stdoutThread;
  private final Thread stderrThread;

  private static final Object EOF = new Object();

  private ExecutorProcess(Process process, Path crashDir) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.crashDir = crashDir;
    this.stdoutThread = new Thread(this::readStdout, "test-executor-" + process.pid() + "-stdout");
    this.stderrThread = new Thread(this::readStderr, "test-executor-" + process.pid() + "-stderr");
    stdoutThread.setDaemon(true);
    stderrThread.setDaemon(true);
    stdoutThread.start();
    stderrThread.start();
  }

  /** Starts an executor over the sample package directory. */
  public static ExecutorProcess start() throws IOException {
    return start(TestEnvironment.packagesDir(), Map.of());
  }

  public static ExecutorProcess start(Path packageDir, Map<String, String> env) throws IOException {
    return start(packageDir, env, null);
  }

  /**
   * Starts an executor through the build's launcher script (run with {@code sh}, as the staged
   * copy has no execute bit), with its crash directory set.
   */
  public static ExecutorProcess startWithLauncher() throws IOException {
    Path crashDir = Files.createTempDirectory("spider-test-crash");
    ProcessBuilder builder = new ProcessBuilder("sh", TestEnvironment.executorLauncher().toString());
    builder.environment().put("SPIDER_TDL_PACKAGE_DIR", TestEnvironment.packagesDir().toString());
    builder.environment().put("SPIDER_EXECUTOR_CRASH_DIR", crashDir.toString());
    builder.environment().put("JAVA", TestEnvironment.javaBinary().toString());
    return new ExecutorProcess(builder.start(), crashDir);
  }

  /** Starts an executor over the sample packages with {@code workingDir} as its working directory. */
  public static ExecutorProcess startIn(Path workingDir) throws IOException {
    return start(TestEnvironment.packagesDir(), Map.of(), workingDir);
  }

  private static ExecutorProcess start(Path packageDir, Map<String, String> env, Path workingDir)
      throws IOException {
    Path crashDir = Files.createTempDirectory("spider-test-crash");
    ProcessBuilder builder = new ProcessBuilder(canonicalCommand(crashDir));
    if (workingDir != null) {
      builder.directory(workingDir.toFile());
    }
    builder.environment().remove("SPIDER_TEST_TDL_INIT_SHOULD_FAIL");
    if (packageDir != null) {
      builder.environment().put("SPIDER_TDL_PACKAGE_DIR", packageDir.toString());
    } else {
      builder.environment().remove("SPIDER_TDL_PACKAGE_DIR");
    }
    // Debug level logs each task's start, which tests wait for before interrupting it.
    builder.environment().put(ExecutorEnvironment.LOG_LEVEL, "debug");
    builder.environment().putAll(env);
    return new ExecutorProcess(builder.start(), crashDir);
  }

  /** The canonical command line of the contract, with the test JVM's java binary. */
  public static List<String> canonicalCommand(Path crashDir) {
    return List.of(
        TestEnvironment.javaBinary().toString(),
        "-XX:+DisplayVMOutputToStderr",
        "-Xlog:disable",
        "-Xlog:all=warning:stderr",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:ErrorFile=" + crashDir.resolve("hs_err_pid%p.log"),
        "-Xmx256m",
        "-jar",
        TestEnvironment.executorJar().toString());
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

  /** Waits for the Hello and checks it. */
  public Response.Hello hello() throws Exception {
    Response response = nextResponse();
    assertTrue(response instanceof Response.Hello, "first frame must be Hello, was " + response);
    Response.Hello hello = (Response.Hello) response;
    assertEquals(1, hello.protocolVersion());
    assertEquals(process.pid(), hello.pid());
    return hello;
  }

  public void send(Request request) throws IOException {
    sendBody(ProtocolCodec.encode(request));
  }

  /** Sends one frame with a correct length header around {@code body}. */
  public void sendBody(byte[] body) throws IOException {
    byte[] header = {
      (byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length
    };
    sendRaw(header);
    sendRaw(body);
  }

  public void sendRaw(byte[] bytes) throws IOException {
    stdin.write(bytes);
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
  public Response.Result call(String pkg, String task, byte[] ctx, byte[] inputs) throws Exception {
    long seq = execute(pkg, task, ctx, inputs);
    return result(seq);
  }

  public Response.Result describe(String pkg) throws Exception {
    long seq = nextSeq();
    send(new Request.Describe(seq, pkg));
    return result(seq);
  }

  /** The next response, which must be the Result of {@code seq}. */
  public Response.Result result(long seq) throws Exception {
    Response response = nextResponse();
    assertTrue(response instanceof Response.Result, "expected a Result, got " + response);
    Response.Result result = (Response.Result) response;
    assertEquals(seq, result.seq(), "Result seq");
    return result;
  }

  /** The next response; fails the test on EOF or after {@link #WAIT}. */
  public Response nextResponse() throws Exception {
    Object next = responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("no response within " + WAIT + "; executor stderr:\n" + stderrText());
    }
    if (next == EOF) {
      throw new AssertionError("executor stdout ended; stderr:\n" + stderrText());
    }
    if (next instanceof Exception e) {
      throw e;
    }
    return (Response) next;
  }

  /** Whether stdout reaches EOF (with no further frame) within {@link #WAIT}. */
  public boolean stdoutEnds() throws InterruptedException {
    Object next = responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return next == EOF;
  }

  /** Waits for the process to exit and returns its status. */
  public int exitStatus() throws InterruptedException {
    if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("executor did not exit within " + WAIT + "; stderr:\n" + stderrText());
    }
    return process.exitValue();
  }

  /** Whether no frame beyond those read has arrived, checked after the process exited. */
  public boolean noFurtherFrames() throws InterruptedException {
    stdoutThread.join(WAIT.toMillis());
    Object next = responses.poll();
    return next == EOF && responses.isEmpty();
  }

  public static ExecutorError error(Response.Result result) throws ProtocolException {
    assertTrue(!result.success(), "expected a failure, got success " + result);
    return ProtocolCodec.decodeError(result.payload());
  }

  public List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  public String stderrText() {
    return String.join("\n", stderr);
  }

  /** Waits until a stderr line contains {@code text}. */
  public boolean awaitStderr(String text) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (stderr) {
      while (stderr.stream().noneMatch(l -> l.contains(text))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        stderr.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      return true;
    }
  }

  private void readStdout() {
    DataInputStream in = new DataInputStream(process.getInputStream());
    try {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException e) {
          break;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        responses.add(ProtocolCodec.decodeResponse(body));
      }
    } catch (IOException e) {
      responses.add(e);
    }
    responses.add(EOF);
  }

  private void readStderr() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (stderr) {
          stderr.add(line);
          stderr.notifyAll();
        }
      }
    } catch (IOException e) {
      stderr.add("<stderr read failed: " + e + ">");
    }
  }

  /** Processes in the executor's process group other than the executor itself, if any. */
  public List<ProcessHandle> descendants() {
    List<ProcessHandle> all = new ArrayList<>();
    process.descendants().forEach(all::add);
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = descendants();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    Optional.ofNullable(crashDir.toFile().listFiles())
        .ifPresent(files -> { for (var f : files) f.delete(); });
    crashDir.toFile().delete();
  }
}
