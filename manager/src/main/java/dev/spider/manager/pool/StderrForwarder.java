package dev.spider.manager.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an executor's stderr into the manager's log, line by line and in order, tagged with the
 * executor's id, and keeps the last lines for crash reports.
 *
 * <p>A line longer than the maximum is dropped — with one warning naming its length so far — and
 * capture resumes at the next line, so a task printing megabytes without a newline cannot exhaust
 * the manager's memory. Runs on its own thread until the stream ends; {@link #tail()} is
 * thread-safe.
 */
final class StderrForwarder implements Runnable {

  private static final Logger log = LoggerFactory.getLogger("executor");

  private final String executorId;
  private final InputStream stderr;
  private final int maxLineBytes;
  private final int tailLines;
  private final Consumer<String> sink;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  StderrForwarder(String executorId, InputStream stderr, int maxLineBytes, int tailLines) {
    this(executorId, stderr, maxLineBytes, tailLines, null);
  }

  /** With {@code sink} non-null, lines go there instead of the log (for tests). */
  StderrForwarder(
      String executorId, InputStream stderr, int maxLineBytes, int tailLines, Consumer<String> sink) {
    this.executorId = executorId;
    this.stderr = stderr;
    this.maxLineBytes = maxLineBytes;
    this.tailLines = tailLines;
    this.sink = sink;
  }

  Thread start() {
    Thread thread = new Thread(this, executorId + "-stderr");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    boolean dropping = false;
    long dropped = 0;
    try {
      int n;
      while ((n = stderr.read(buffer)) != -1) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          if (dropping) {
            dropping = false;
            dropped = 0;
          } else {
            line.write(buffer, start, i - start);
            emit(line);
          }
          start = i + 1;
        }
        int rest = n - start;
        if (dropping) {
          dropped += rest;
        } else if (line.size() + rest > maxLineBytes) {
          dropped = line.size() + rest;
          line.reset();
          dropping = true;
          log.warn(
              "[{}] dropping a stderr line longer than {} bytes; capture resumes at the next line",
              executorId,
              maxLineBytes);
        } else {
          line.write(buffer, start, rest);
        }
      }
    } catch (IOException e) {
      log.debug("[{}] stderr closed: {}", executorId, e.toString());
    }
    if (!dropping && line.size() > 0) {
      emit(line);
    }
  }

  private void emit(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    line.reset();
    synchronized (tail) {
      if (tail.size() == tailLines) {
        tail.removeFirst();
      }
      tail.addLast(text);
    }
    if (sink != null) {
      sink.accept(text);
    } else {
      log.info("[{}] {}", executorId, text);
    }
  }

  /** The last lines, oldest first. */
  List<String> tail() {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }
}
