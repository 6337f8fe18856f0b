package dev.spider.tests.pool;

import dev.spider.manager.pool.ExecutorLogSink;
import dev.spider.tests.LogLines;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps every executor line a pool forwards (docs/process-pool.md, "Logs") for tests to wait on.
 * The pool forwards on its own threads, after the fact: a task's outcome can return before the
 * lines it wrote, so tests wait for a line with {@link #await}, never look once.
 *
 * <p>A line the pool dropped as too long is kept as a note, so that a test waiting in vain sees
 * why. Thread-safe.
 */
final class ForwardedLog implements ExecutorLogSink {

  private final LogLines lines = new LogLines();

  @Override
  public void line(String executorId, String line) {
    lines.add(line);
  }

  @Override
  public void droppedLine(String executorId, int maxLineBytes) {
    lines.add("<" + executorId + " wrote a line longer than " + maxLineBytes + " bytes: dropped>");
  }

  /** The first line containing {@code text}, waiting up to {@code within} for it. */
  Optional<String> await(String text, Duration within) throws InterruptedException {
    return lines.await(text, within);
  }

  /** Every line so far, for failure messages. */
  String text() {
    return lines.text();
  }
}
