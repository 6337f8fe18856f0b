package dev.spider.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines captured from executors — an executor's own stderr, or what a pool forwarded (see
 * docs/process-pool.md, "Logs") — for tests to search and wait on.
 *
 * <p>Lines reach this object on another thread, some time after the event they report: a Result can
 * arrive before the line a task printed just before returning. So a test asserting that a line was
 * logged waits for it with a bound ({@link #await}); it never looks once.
 *
 * <p>Invariant: lines only ever grow, in arrival order. Thread-safe: any number of threads add,
 * read and wait.
 */
public final class LogLines {

  private static final Logger log = LoggerFactory.getLogger(LogLines.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final List<String> lines = new ArrayList<>();

  /**
   * Starts a named daemon thread that adds every line of {@code in} (UTF-8) until its end. A read
   * failure is added as a last line, so a test waiting in vain sees why, and logged.
   */
  public Thread follow(InputStream in, String threadName) {
    Thread reader = new Thread(() -> readAll(in), threadName);
    reader.setDaemon(true); // never keeps a test JVM alive; closing the process ends the stream
    reader.start();
    return reader;
  }

  public void add(String line) {
    lock.lock();
    try {
      lines.add(line);
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The lines so far. */
  public List<String> snapshot() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }

  /** The lines so far, one per line, for failure messages. */
  public String text() {
    return String.join("\n", snapshot());
  }

  /** Whether a line so far contains {@code text}; use {@link #await} for lines still to come. */
  public boolean contains(String text) {
    return firstContaining(text).isPresent();
  }

  /**
   * The first line containing {@code text}, waiting up to {@code within} for it to arrive; empty if
   * none did.
   */
  public Optional<String> await(String text, Duration within) throws InterruptedException {
    long left = within.toNanos();
    lock.lock();
    try {
      Optional<String> line = firstContaining(text);
      while (line.isEmpty() && left > 0) {
        left = added.awaitNanos(left);
        line = firstContaining(text);
      }
      return line;
    } finally {
      lock.unlock();
    }
  }

  /** How many lines arrived so far: a mark for {@link #awaitAfter}. */
  public int size() {
    lock.lock();
    try {
      return lines.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The first line after the first {@code mark} lines that contains {@code text}, waiting up to
   * {@code within} for it; empty if none arrived.
   */
  public Optional<String> awaitAfter(int mark, String text, Duration within)
      throws InterruptedException {
    long left = within.toNanos();
    lock.lock();
    try {
      Optional<String> line = firstContaining(mark, text);
      while (line.isEmpty() && left > 0) {
        left = added.awaitNanos(left);
        line = firstContaining(mark, text);
      }
      return line;
    } finally {
      lock.unlock();
    }
  }

  private Optional<String> firstContaining(String text) {
    return firstContaining(0, text);
  }

  private Optional<String> firstContaining(int mark, String text) {
    lock.lock();
    try {
      return lines.stream().skip(mark).filter(l -> l.contains(text)).findFirst();
    } finally {
      lock.unlock();
    }
  }

  private void readAll(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        add(line);
      }
    } catch (IOException e) {
      log.warn("{}: reading log lines failed", Thread.currentThread().getName(), e);
      add("<reading log lines failed: " + e + ">");
    }
  }
}
