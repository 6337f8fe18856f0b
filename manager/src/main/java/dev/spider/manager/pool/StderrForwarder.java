package dev.spider.manager.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Forwards an executor's stderr into the manager's log, line by line and in order, tagged with the
 * executor's id, and keeps the last lines for crash reports.
 *
 * <p>A line longer than the maximum is dropped — with one warning — and capture resumes at the next
 * line, so a task printing megabytes without a newline cannot exhaust the manager's memory. Runs on
 * a watch thread ({@link WatchThreads}) until the stream ends; {@link #tail()} is thread-safe.
 */
final class StderrForwarder implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StderrForwarder.class);

  /**
   * The prefix of the executor's own log lines, as its slf4j-simple writes them
   * (executor/src/main/resources/simplelogger.properties): time stamp (milliseconds since the
   * executor's logging started), thread name in brackets, level — {@code 1234 [spider-task] WARN
   * Logger - message}. Any stamp without a space matches, so lines of older executors do too.
   */
  private static final Pattern EXECUTOR_LINE =
      Pattern.compile("\\S+ \\[[^\\]]*\\] (ERROR|WARN|INFO|DEBUG|TRACE) ");

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

  /**
   * Starts forwarding on a watch thread ({@link WatchThreads}) named {@code <executor id>-stderr}.
   *
   * @return opens when forwarding has ended: the stream ended and every line went to the tail and
   *     the sink, or forwarding failed (logged)
   */
  CountDownLatch start() {
    return WatchThreads.shared().start(executorId + "-stderr", this);
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

  /**
   * The level an executor's stderr line is logged at in the manager: the level the executor logged
   * it at, so its ERROR and WARN lines keep their weight (and its DEBUG lines stay out of a log at
   * INFO); anything else — what a task or the JVM wrote — is INFO.
   */
  static Level levelOf(String line) {
    Matcher m = EXECUTOR_LINE.matcher(line);
    return m.lookingAt() ? Level.valueOf(m.group(1)) : Level.INFO;
  }

  /** The last lines, oldest first. */
  List<String> tail() {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }
}
