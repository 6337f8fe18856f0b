package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.frame.FrameReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one executor says, on one queue, in the order the manager saw it: frames and stdout's
 * end from the executor's stdout thread, the process exit from the JVM's process reaper. A caller
 * waiting for an outcome thus waits on exactly one thing, with a deadline.
 *
 * <p>Thread-safe: producers are the stdout thread ({@code <executor id>-stdout}, a daemon that ends
 * with the stream) and the reaper; the one consumer is whoever owns the executor at the time.
 */
final class ExecutorEvents {

  private static final Logger log = LoggerFactory.getLogger(ExecutorEvents.class);

  /**
   * How long to wait for an ending executor's last words: a Result written just before it died, its
   * exit after its stdout ended, its last stderr lines.
   */
  static final Duration DRAIN = Duration.ofMillis(500);

  private final BlockingQueue<ExecutorEvent> queue = new LinkedBlockingQueue<>();

  /** Starts listening to a process: its stdout frames and its exit. */
  static ExecutorEvents listen(String executorId, Process process, int maxFrameBytes) {
    ExecutorEvents events = new ExecutorEvents();
    FrameReader reader = new FrameReader(process.getInputStream(), maxFrameBytes);
    Thread stdout = new Thread(() -> events.readAll(executorId, reader), executorId + "-stdout");
    stdout.setDaemon(true);
    stdout.start();
    process.onExit().thenAccept(p -> events.add(new ExecutorEvent.Exited(p.exitValue())));
    return events;
  }

  void add(ExecutorEvent event) {
    queue.add(event);
  }

  /** The next event, waiting at most {@code timeout} (none when it is zero or negative). */
  Optional<ExecutorEvent> poll(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
  }

  /** The next event without removing it, if any. */
  Optional<ExecutorEvent> peek() {
    return Optional.ofNullable(queue.peek());
  }

  private void readAll(String executorId, FrameReader reader) {
    try {
      Optional<byte[]> body;
      while ((body = reader.next()).isPresent()) {
        add(new ExecutorEvent.Frame(ProtocolCodec.decodeResponse(body.get())));
      }
      add(new ExecutorEvent.StdoutEnded());
    } catch (ProtocolException e) {
      add(new ExecutorEvent.Broken(e));
    } catch (IOException e) {
      // A read error ends the stream like EOF: whatever follows is the exit event.
      log.debug("[{}] stdout failed: {}", executorId, e.toString());
      add(new ExecutorEvent.StdoutEnded());
    }
  }
}
