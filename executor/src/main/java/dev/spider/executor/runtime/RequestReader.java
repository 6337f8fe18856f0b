package dev.spider.executor.runtime;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameReader;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and decodes the request stream for whichever thread leads reading (docs/architecture.md,
 * "Threads"), and turns it into {@link Intake}s:
 *
 * <ul>
 *   <li>Interrupt is applied at once to the running task (it has no reply) and reading goes on.
 *   <li>Shutdown interrupts the running task and ends request intake: later frames are read only to
 *       notice EOF, and dropped.
 *   <li>Execute, Describe and invalid requests are handed back to be run in arrival order.
 *   <li>EOF is {@link Intake.End}.
 *   <li>Whatever reading or decoding throws — {@link ProtocolException}, {@link IOException}, any
 *       {@link RuntimeException}, a {@link StackOverflowError} from deep nesting, an {@link
 *       OutOfMemoryError} from a declared size, anything — is {@link Intake.Unreadable}: the
 *       executor exits 2 with the reason rather than hang (docs/frame-protocol.md).
 * </ul>
 *
 * <p>Not thread-safe: one thread at a time leads; the hand-over publishes this object's state.
 */
final class RequestReader {

  private static final Logger log = LoggerFactory.getLogger(RequestReader.class);

  private final FrameReader frames;
  private final RunningTask running;
  private boolean shuttingDown;

  RequestReader(FrameReader frames, RunningTask running) {
    this.frames = frames;
    this.running = running;
  }

  /** Reads until something other than an Interrupt or a dropped frame arrives. */
  Intake next() {
    while (true) {
      Optional<byte[]> frame;
      try {
        frame = frames.next();
      } catch (ProtocolException e) {
        return new Intake.Unreadable("unreadable request stream: " + e.getMessage());
      } catch (IOException e) {
        return new Intake.Unreadable("reading stdin failed: " + e);
      } catch (Throwable t) {
        return new Intake.Unreadable("reading a request frame threw " + t);
      }
      if (frame.isEmpty()) {
        return new Intake.End();
      }
      if (shuttingDown) {
        log.warn("ignoring a {}-byte frame received after Shutdown", frame.get().length);
        continue;
      }
      Request request;
      try {
        request = ProtocolCodec.decodeRequest(frame.get());
      } catch (ProtocolException e) {
        return new Intake.Unreadable("unreadable request stream: " + e.getMessage());
      } catch (Throwable t) {
        return new Intake.Unreadable(
            "decoding a " + frame.get().length + "-byte request frame threw " + t);
      }
      Received received = new Received(request, System.nanoTime());
      if (request instanceof Request.Interrupt interrupt) {
        boolean delivered = running.interrupt(interrupt.seq());
        log.info(
            "interrupt for seq={} {}",
            Long.toUnsignedString(interrupt.seq()),
            delivered ? "delivered to that task" : "ignored: that task is not running");
      } else if (request instanceof Request.Shutdown) {
        shuttingDown = true;
        boolean interrupted = running.interruptAny();
        log.info("shutdown requested{}", interrupted ? "; interrupted the running task" : "");
        return new Intake.Shutdown(received);
      } else {
        if (request instanceof Request.Execute execute) {
          running.accept(execute.seq());
        } else if (request instanceof Request.Describe describe) {
          running.accept(describe.seq());
        }
        return new Intake.Run(received);
      }
    }
  }
}
