package dev.spider.cli.worker;

import dev.spider.manager.pool.ExecutorLogSink;
import java.io.PrintWriter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what executors write to stderr — their log lines and whatever tasks print, which the
 * executor sends to stderr to keep its stdout for frames — to the worker's stdout, one line each,
 * prefixed with the executor it came from ({@code [executor-2] ...}), as upstream's execution
 * manager copies its executors' output to its own stdout. Always on, whatever the log level: it is
 * the tasks' output, not the worker's log.
 *
 * <p>Thread-safe: each executor's stderr thread calls it, and {@link PrintWriter#println(String)}
 * writes a whole line under the writer's lock, so lines of different executors never interleave.
 */
final class ExecutorOutput implements ExecutorLogSink {

  private static final Logger log = LoggerFactory.getLogger(ExecutorOutput.class);

  private final PrintWriter out;

  ExecutorOutput(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void line(String executorId, String line) {
    out.println("[" + executorId + "] " + line);
  }

  @Override
  public void droppedLine(String executorId, int maxLineBytes) {
    log.warn(
        "[{}] dropped an output line longer than {} bytes (task_executor.max_log_line_bytes);"
            + " output resumes at the next line",
        executorId,
        maxLineBytes);
  }
}
