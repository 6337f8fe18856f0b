package dev.spider.cli.head;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops {@code spider head} on JVM shutdown (SIGINT, SIGTERM): a shutdown hook, thread {@code
 * spider-head-shutdown}, releases {@link #await} and then holds the JVM, at most {@link
 * #CLOSE_GRACE}, until the head has closed. The hook is registered by {@link #await}, not on
 * construction: picocli builds every subcommand whichever one runs.
 *
 * <p>Thread-safe (latches); {@link #await} is called once.
 */
final class JvmShutdownSignal implements StopSignal {

  /** How long the shutdown hook waits for the head to close: its two servers, and some slack. */
  static final Duration CLOSE_GRACE = Head.STOP_TIMEOUT.multipliedBy(3);

  private static final Logger log = LoggerFactory.getLogger(JvmShutdownSignal.class);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public void await() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "spider-head-shutdown"));
    stop.await(); // a server runs until it is told to stop: no deadline
  }

  @Override
  public void closed() {
    closed.countDown();
  }

  private void stopAndWait() {
    stop.countDown();
    try {
      if (!closed.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.error("the head did not close within {}; exiting anyway", CLOSE_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the JVM goes down regardless
    }
  }
}
