package dev.spider.manager.pool;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the Interrupt of a soft deadline (docs/frame-protocol.md) off the {@link DeadlineTimer}'s
 * thread: writing to an executor's stdin blocks while its pipe is full, and the timer thread must
 * stay free to kill that very executor at its hard deadline, which also ends the blocked write.
 *
 * <p>The threads ({@code executor-interrupter-N}, daemons) exist only while Interrupts are being
 * sent, and end after a few idle seconds. Thread-safe and stateless beyond them.
 */
final class Interrupter {

  private static final Logger log = LoggerFactory.getLogger(Interrupter.class);

  private static final ExecutorService SENDERS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE, // at most one blocked send per executor: its hard deadline ends it
          5,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          new ThreadFactoryBuilder()
              .setNameFormat("executor-interrupter-%d")
              .setDaemon(true)
              .build());

  private Interrupter() {}

  /**
   * Writes Interrupt {@code seq} to {@code writer} on an interrupter thread, if {@code stillOn}
   * says the request is still outstanding when the thread gets to it. A late Interrupt is harmless
   * anyway (the executor ignores one whose seq is not running), but skipping it spares a write.
   */
  static void sendLater(
      String executorId, FrameWriter writer, long seq, Duration soft, LongPredicate stillOn) {
    SENDERS.execute(
        () -> {
          if (!stillOn.test(seq)) {
            return;
          }
          try {
            writer.write(ProtocolCodec.encode(new Request.Interrupt(seq)));
            log.info("[{}] soft timeout {} passed: interrupting seq {}", executorId, soft, seq);
          } catch (IOException e) {
            // Not fatal here: the executor is ending, and its stdout's end ends the wait.
            log.warn("[{}] could not send Interrupt: {}", executorId, e.getMessage());
          }
        });
  }
}
