package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an executor's stdout on the thread that waits for it — the caller of a request, or the
 * spawner waiting for a Hello — with no reader thread in between (docs/process-pool.md, "Waiting
 * for a Result").
 *
 * <p>Everything the executor writes is hostile input: whatever the frame reader or the decoders
 * throw, of whatever class, ends up as an {@link ExecutorEvent.Broken} or a {@link Broken} reading
 * naming it, never as an exception. A frame that is not the Result of the request waited on (a
 * Hello, another request's Result, a forged frame) is a protocol violation, as is a failure payload
 * that does not decode.
 *
 * <p>Reads block until the executor writes or its stdout ends; {@link WaitDeadlines} bounds them by
 * killing the process group, which ends the stream.
 *
 * <p>Not thread-safe: one thread at a time reads, the one that owns the executor.
 */
final class ResultReader {

  /** What the executor's stdout said about a request. */
  sealed interface Reading {}

  /** The executor answered: {@link Outcome.Success} or {@link Outcome.InTaskFailure}. */
  record Answer(Outcome outcome) implements Reading {
    Answer {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * The executor broke the protocol: the stream cannot be trusted any more, and the executor is to
   * be killed at once and reported crashed with {@code cause}.
   */
  record Broken(String cause) implements Reading {
    Broken {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * The executor's stdout ended: it is exiting or has exited; {@code cause} says how, for the crash
   * report.
   */
  record Ended(String cause) implements Reading {
    Ended {
      Objects.requireNonNull(cause, "cause");
    }
  }

  private final InputStream stdout;
  private final FrameReader frames;

  /** Reads frames of at most {@code maxFrameBytes} from {@code stdout}, which it never closes. */
  ResultReader(InputStream stdout, int maxFrameBytes) {
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.frames = new FrameReader(stdout, maxFrameBytes);
  }

  /** The next thing on stdout; blocks until there is one. Never throws. */
  ExecutorEvent next() {
    Optional<byte[]> body;
    try {
      body = frames.next();
    } catch (ProtocolException e) {
      return new ExecutorEvent.Broken(e.getMessage());
    } catch (IOException e) {
      return new ExecutorEvent.StdoutEnded("stdout failed: " + e);
    } catch (RuntimeException | Error e) {
      // Frames are hostile input: whatever reading them throws is the executor's fault.
      return new ExecutorEvent.Broken("unreadable frame: " + e);
    }
    if (body.isEmpty()) {
      return new ExecutorEvent.StdoutEnded("stdout ended");
    }
    try {
      return new ExecutorEvent.Frame(ProtocolCodec.decodeResponse(body.get()));
    } catch (ProtocolException e) {
      return new ExecutorEvent.Broken(
          "undecodable frame of " + body.get().length + " bytes: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      return new ExecutorEvent.Broken(
          "undecodable frame of " + body.get().length + " bytes: the decoder threw " + e);
    }
  }

  /**
   * Whether stdout holds bytes not read yet: an idle executor that wrote something has broken the
   * protocol (or is writing its last words before it ends). A stream that cannot say counts as
   * holding bytes, so the executor is not trusted with a request.
   */
  boolean hasUnreadBytes() {
    try {
      return stdout.available() > 0;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Reads what the executor says about request {@code seq}, described as {@code request} in
   * messages. Blocks until it says something or its stdout ends. Never throws.
   */
  Reading read(long seq, Object request) {
    ExecutorEvent event = next();
    if (event instanceof ExecutorEvent.Frame frame) {
      return answer(frame.response(), seq, request);
    }
    if (event instanceof ExecutorEvent.Broken broken) {
      return new Broken("protocol violation while running " + request + ": " + broken.cause());
    }
    return new Ended("executor ended while running " + request + " (" + event.describe() + ")");
  }

  private static Reading answer(Response response, long seq, Object request) {
    if (!(response instanceof Response.Result result) || result.seq() != seq) {
      return new Broken(
          "protocol violation while running "
              + request
              + ": expected the Result of seq "
              + Long.toUnsignedString(seq)
              + ", got "
              + response);
    }
    if (result.success()) {
      return new Answer(new Outcome.Success(result.payload(), result.elapsedMicros()));
    }
    try {
      return new Answer(
          new Outcome.InTaskFailure(
              ProtocolCodec.decodeError(result.payload()), result.elapsedMicros()));
    } catch (ProtocolException e) {
      return new Broken("broken failure payload: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      return new Broken("broken failure payload: the decoder threw " + e);
    }
  }
}
