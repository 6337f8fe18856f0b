package dev.spider.manager.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the lines executors write to stderr go. The default, {@link #LOG}, forwards them into the
 * manager's log under the logger {@code executor}, tagged with the executor's id, at the level the
 * executor logged them at ({@link StderrForwarder#levelOf}): an executor's ERROR line is an ERROR
 * of the manager's log, so a quiet log (errors only) still shows it. Called from each executor's
 * stderr watch thread; implementations must be thread-safe, and must not leave thread-locals (an
 * MDC, say) set when a call returns: watch threads are pooled, and serve other executors next
 * (docs/process-pool.md, "Spawning").
 */
public interface ExecutorLogSink {

  /** One complete line (without its line break), in the order the executor wrote them. */
  void line(String executorId, String line);

  /** A line longer than {@code maxLineBytes} was dropped; capture resumes at the next line. */
  void droppedLine(String executorId, int maxLineBytes);

  /** The manager's log. */
  ExecutorLogSink LOG =
      new ExecutorLogSink() {
        private final Logger log = LoggerFactory.getLogger("executor");

        @Override
        public void line(String executorId, String line) {
          log.atLevel(StderrForwarder.levelOf(line)).log("[{}] {}", executorId, line);
        }

        @Override
        public void droppedLine(String executorId, int maxLineBytes) {
          log.warn(
              "[{}] dropped a stderr line longer than {} bytes; capture resumes at the next line",
              executorId,
              maxLineBytes);
        }
      };
}
