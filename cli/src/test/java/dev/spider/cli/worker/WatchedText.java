package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * A writer for what a worker prints, that a test can wait on: {@link #awaitContains} returns once
 * the text holds a string, failing the test after {@link FakeCluster#DEADLINE}.
 *
 * <p>Thread-safe: writers append under the monitor and wake waiters.
 */
final class WatchedText extends Writer {

  private final StringBuilder text = new StringBuilder(); // guarded by this

  /** An auto-flushing print writer onto this text. */
  PrintWriter printer() {
    return new PrintWriter(this, true);
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    text.append(chars, offset, length);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  synchronized String text() {
    return text.toString();
  }

  synchronized void awaitContains(String needle) throws InterruptedException {
    long deadline = System.nanoTime() + FakeCluster.DEADLINE.toNanos();
    while (text.indexOf(needle) < 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("timed out waiting for output containing '" + needle + "'; got:\n" + text);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
