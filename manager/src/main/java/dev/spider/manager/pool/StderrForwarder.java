package dev.spider.manager.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an executor's stderr into the manager's log, line by line and in order, tagged with the
 * executor's id, and keeps the last lines for crash reports.
 *
 * <p>A line longer than the maximum is dropped — with one warning — and capture resumes at the next
 * line, so a task printing megabytes without a newline cannot exhaust the manager's memory. Runs on
 * its own thread until the stream ends; {@link #tail()} is thread-safe.
 */
final class StderrForwarder implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StderrForwarder.class);

  private final String executorId;
  private final InputStream stderr;
  private final int maxLineBytes;
  private final int tailLines;
  private final ExecutorLogSink sink;
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  StderrForwarder(
      String executorId,
      InputStream stderr,
      int maxLineBytes,
      int tailLines,
      ExecutorLogSink sink) {
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
    boolean dropping = false; // inside a line that is too long, until its line break
    try {
      int n;
      while ((n = stderr.read(buffer)) != -1) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          int segment = i - start;
          if (dropping) {
            dropping = false;
          } else if (line.size() + segment > maxLineBytes) {
            line.reset();
            sink.droppedLine(executorId, maxLineBytes);
          } else {
            line.write(buffer, start, segment);
            emit(line);
          }
          start = i + 1;
        }
        int rest = n - start;
        if (dropping) {
          continue;
        }
        if (line.size() + rest > maxLineBytes) {
          line.reset();
          dropping = true;
          sink.droppedLine(executorId, maxLineBytes);
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
    sink.line(executorId, text);
  }

  /** The last lines, oldest first. */
  List<String> tail() {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }
}
