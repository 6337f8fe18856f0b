package dev.spider.tests.executor;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An executor's stdout as a queue of what arrived on it, read through the contract's {@link
 * FrameReader} and {@link ProtocolCodec} on one named daemon thread, so that a test waits for a
 * response with a deadline instead of blocking on the pipe.
 *
 * <p>Invariant: the queue holds the responses in arrival order, then exactly one {@link End} or
 * {@link Broken}, then nothing. Thread-safe: the reader thread adds, the test thread takes.
 */
final class ResponseStream {

  /** What came off stdout. */
  sealed interface Arrival permits Frame, End, Broken {}

  /** One decoded response. */
  record Frame(Response response) implements Arrival {}

  /** The stream ended cleanly, between frames. */
  record End() implements Arrival {}

  /** Reading stopped at a broken frame or an undecodable response (docs/frame-protocol.md). */
  record Broken(IOException cause) implements Arrival {}

  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final Thread reader;

  /** Starts reading {@code stdout} on a daemon thread named {@code threadName}. */
  ResponseStream(InputStream stdout, int maxFrameBytes, String threadName) {
    FrameReader frames = new FrameReader(stdout, maxFrameBytes);
    reader = new Thread(() -> readAll(frames), threadName);
    reader.setDaemon(true); // never keeps a test JVM alive; killing the executor ends the stream
    reader.start();
  }

  /** The next arrival, taken off the queue; empty if none came within {@code within}. */
  Optional<Arrival> next(Duration within) throws InterruptedException {
    return Optional.ofNullable(arrivals.poll(within.toNanos(), TimeUnit.NANOSECONDS));
  }

  /**
   * Whether the stream ended cleanly and nothing before its end is left unread, waiting up to
   * {@code within} for the end.
   */
  boolean endsWithNothingUnread(Duration within) throws InterruptedException {
    reader.join(within.toMillis());
    return arrivals.poll() instanceof End && arrivals.isEmpty();
  }

  private void readAll(FrameReader frames) {
    try {
      Optional<byte[]> body;
      while ((body = frames.next()).isPresent()) {
        arrivals.add(new Frame(ProtocolCodec.decodeResponse(body.get())));
      }
      arrivals.add(new End());
    } catch (IOException e) {
      // Handed to the test thread, which fails with it: a test driver has nobody else to tell.
      arrivals.add(new Broken(e));
    }
  }
}
