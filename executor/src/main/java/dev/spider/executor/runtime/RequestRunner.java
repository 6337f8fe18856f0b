package dev.spider.executor.runtime;

import dev.spider.executor.packages.LoadedPackage;
import dev.spider.executor.packages.PackageRegistry;
import dev.spider.executor.packages.Throwables;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests to their Results on whichever thread of the {@link Crew} read them: package
 * loading, init hooks and tasks, then the Result's encoding and write. Interrupts reach a task
 * through {@link RunningTask}, which this class opens and closes around each request.
 *
 * <p>Thread-safe as the crew uses it: one request at a time, from any of its threads.
 */
final class RequestRunner implements Crew.Work {

  private static final Logger log = LoggerFactory.getLogger(RequestRunner.class);

  private final FrameWriter writer;
  private final PackageRegistry registry;
  private final RunningTask running;
  private final TaskStreams streams;
  private final Descriptors descriptors;

  RequestRunner(
      FrameWriter writer,
      PackageRegistry registry,
      RunningTask running,
      TaskStreams streams,
      Descriptors descriptors) {
    this.writer = writer;
    this.registry = registry;
    this.running = running;
    this.streams = streams;
    this.descriptors = descriptors;
  }

  /**
   * Runs one Execute, Describe or invalid request to its one Result and writes it.
   *
   * @return false when the calling thread must be retired: the request failed in a way that may
   *     have left thread-local state, an interrupt status or a half-unwound lock behind
   * @throws VirtualMachineError when the JVM cannot be trusted any more (left to the thread's
   *     uncaught-exception handler, which halts)
   */
  @Override
  public boolean run(Received received) {
    Request request = received.request();
    if (request instanceof Request.Execute execute) {
      return execute(execute, received.decodedNanos());
    }
    if (request instanceof Request.Describe describe) {
      return describe(describe, received.decodedNanos());
    }
    if (request instanceof Request.Invalid invalid) {
      log.warn(
          "invalid request (seq={}): {}", Long.toUnsignedString(invalid.seq()), invalid.reason());
      ExecutorError error = ExecutorError.of(ErrorKind.INVALID_REQUEST, invalid.reason());
      write(
          result(invalid.seq(), false, ProtocolCodec.encodeError(error), received.decodedNanos()));
      return true;
    }
    throw new IllegalArgumentException("not a request with a Result: " + request);
  }

  /**
   * Undoes what a task may have done to the process's standard streams, after its Result is out:
   * off the Result's path, and before the next request of this thread.
   */
  @Override
  public void afterRequest() {
    streams.restore();
    descriptors.reopenStdinIfClosed();
  }

  private boolean execute(Request.Execute request, long start) {
    TaskScope scope =
        new TaskScope(
            request.seq(),
            request.packageName(),
            request.taskName(),
            jobIdOf(request.rawContext()));
    TaskScope.enter(scope);
    running.begin(request.seq());
    log.debug("[{}] start", scope); // after begin(): an Interrupt from now on reaches the task
    byte[] payload = null;
    ExecutorError error = null;
    try {
      LoadedPackage pkg = registry.get(request.packageName());
      payload = pkg.execute(request.taskName(), request.rawContext(), request.rawInputs());
    } catch (ExecutorFailure f) {
      error = f.error();
      log.warn("[{}] {}", scope, error);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      error = classify(t, running.interruptReached(), scope);
    } finally {
      running.end();
      TaskScope.exit();
    }
    if (error == null) {
      byte[] frame = result(request.seq(), true, payload, start);
      if (frame.length > writer.maxFrameBytes()) {
        error =
            ExecutorError.of(
                ErrorKind.OUTPUT_TOO_LARGE,
                "task "
                    + request.taskName()
                    + " returned "
                    + payload.length
                    + " bytes of outputs; the"
                    + " maximum frame size is "
                    + writer.maxFrameBytes()
                    + " bytes (SPIDER_MAX_FRAME_BYTES)");
        log.warn("[{}] {}", scope, error);
        write(result(request.seq(), false, ProtocolCodec.encodeError(error), start));
        return true;
      }
      write(frame);
      log.debug("[{}] succeeded", scope);
      return true;
    }
    write(result(request.seq(), false, ProtocolCodec.encodeError(error), start));
    return false;
  }

  private boolean describe(Request.Describe request, long start) {
    TaskScope scope = new TaskScope(request.seq(), request.packageName(), "<describe>", "-");
    TaskScope.enter(scope);
    running.begin(request.seq());
    ExecutorError error;
    try {
      LoadedPackage pkg = registry.get(request.packageName());
      write(result(request.seq(), true, ProtocolCodec.encodeDescription(pkg.describe()), start));
      return true;
    } catch (ExecutorFailure f) {
      error = f.error();
      log.warn("[{}] describe failed: {}", scope, error);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      // Package code (a constructor, a static initialiser, a missing class) threw while loading.
      log.error("[{}] loading the package threw {}", scope, t.toString(), t);
      error =
          ExecutorError.of(
              ErrorKind.INVALID_LIBRARY,
              "loading package "
                  + request.packageName()
                  + " threw "
                  + t.getClass().getName()
                  + ": "
                  + t.getMessage());
    } finally {
      running.end();
      TaskScope.exit();
    }
    write(result(request.seq(), false, ProtocolCodec.encodeError(error), start));
    return false;
  }

  /** The failure a Java task's throwable is reported as. */
  private static ExecutorError classify(Throwable t, boolean interruptReached, TaskScope scope) {
    if (interruptReached) {
      log.info("[{}] task ended with {} after an interrupt", scope, t.toString());
      return ExecutorError.of(
          ErrorKind.INTERRUPTED,
          "task " + scope.taskName() + " was interrupted and ended with " + t);
    }
    if (t instanceof TdlError tdl) {
      log.info("[{}] task failed: {}", scope, tdl.toString());
      return ExecutorError.taskError(tdl);
    }
    log.error("[{}] task threw {}", scope, t.toString(), t);
    return ExecutorError.of(
        ErrorKind.UNCAUGHT_EXCEPTION, t.getClass().getName() + ": " + t.getMessage());
  }

  private static String jobIdOf(byte[] rawContext) {
    try {
      return Long.toUnsignedString(TaskContext.decode(rawContext).jobId());
    } catch (CodecException e) {
      return "?";
    }
  }

  private static byte[] result(long seq, boolean success, byte[] payload, long startNanos) {
    long elapsedMicros = (System.nanoTime() - startNanos) / 1_000;
    return ProtocolCodec.encode(new Response.Result(seq, success, payload, elapsedMicros));
  }

  private void write(byte[] frame) {
    try {
      writer.write(frame);
    } catch (IOException e) {
      log.error("cannot write to the manager ({}); it is gone, exiting", e.toString());
      Exits.halt(ExitStatus.ORDERLY);
    }
  }
}
