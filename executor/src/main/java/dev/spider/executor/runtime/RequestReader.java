package dev.spider.executor.runtime;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.process.ExitStatus;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stdin thread: reads frames while tasks run, so Interrupt and Shutdown act at once.
 *
 * <ul>
 *   <li>Interrupt is applied immediately to the running task (it has no reply).
 *   <li>Shutdown interrupts the running task, is queued behind earlier requests, and ends request
 *       intake; the thread keeps reading only to notice EOF.
 *   <li>Everything else is queued for the task thread, in arrival order.
 *   <li>EOF means the manager is gone: the process halts at once, even mid-task.
 *   <li>An unreadable stream halts with status 2.
 * </ul>
 */
final class RequestReader implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(RequestReader.class);

  private final FrameReader frames;
  private final BlockingQueue<Received> queue;
  private final RunningTask running;
  private boolean shuttingDown;

  RequestReader(FrameReader frames, BlockingQueue<Received> queue, RunningTask running) {
    this.frames = frames;
    this.queue = queue;
    this.running = running;
  }

  @Override
  public void run() {
    try {
      while (true) {
        Optional<byte[]> frame = frames.next();
        if (frame.isEmpty()) {
          log.info("stdin closed: the manager is gone; exiting");
          Exits.halt(ExitStatus.ORDERLY);
          return;
        }
        if (shuttingDown) {
          log.warn("ignoring a {}-byte frame received after Shutdown", frame.get().length);
          continue;
        }
        Request request = ProtocolCodec.decodeRequest(frame.get());
        dispatch(new Received(request, System.nanoTime()));
      }
    } catch (ProtocolException e) {
      log.error(
          "unreadable request stream, exiting with status {}: {}",
          ExitStatus.UNREADABLE_STREAM.code(),
          e.getMessage());
      Exits.halt(ExitStatus.UNREADABLE_STREAM);
    } catch (IOException e) {
      log.error(
          "reading stdin failed, exiting with status {}: {}",
          ExitStatus.UNREADABLE_STREAM.code(),
          e.toString());
      Exits.halt(ExitStatus.UNREADABLE_STREAM);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("stdin thread interrupted; exiting");
      Exits.halt(ExitStatus.UNREADABLE_STREAM);
    }
  }

  private void dispatch(Received received) throws InterruptedException {
    Request request = received.request();
    if (request instanceof Request.Interrupt interrupt) {
      boolean delivered = running.interrupt(interrupt.seq());
      log.info(
          "interrupt for seq={} {}",
          Long.toUnsignedString(interrupt.seq()),
          delivered ? "delivered to the running task" : "ignored: that task is not running");
    } else if (request instanceof Request.Shutdown) {
      shuttingDown = true;
      boolean interrupted = running.interruptAny();
      log.info("shutdown requested{}", interrupted ? "; interrupted the running task" : "");
      queue.put(received);
    } else {
      queue.put(received);
    }
  }
}
