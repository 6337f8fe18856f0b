package dev.spider.manager.pool;

import dev.spider.protocol.ExecutorError;
import java.time.Duration;
import java.util.Objects;

/**
 * The one outcome of one execution through the pool (docs/process-pool.md). Immutable, except that
 * {@link Success#outputs()} hands out its array as is.
 */
public sealed interface Outcome
    permits Outcome.Success, Outcome.InTaskFailure, Outcome.Timeout, Outcome.ExecutorCrash {

  /**
   * The task returned its outputs.
   *
   * @param outputs wire-format outputs
   * @param elapsedMicros as measured by the executor
   */
  record Success(byte[] outputs, long elapsedMicros) implements Outcome {
    public Success {
      Objects.requireNonNull(outputs, "outputs");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Success s
          && elapsedMicros == s.elapsedMicros
          && java.util.Arrays.equals(outputs, s.outputs);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(outputs);
    }

    @Override
    public String toString() {
      return "Success[" + outputs.length + " B outputs, " + elapsedMicros + " us]";
    }
  }

  /**
   * The executor reported a failure (the task's TdlError, an uncaught exception, a load error...).
   */
  record InTaskFailure(ExecutorError error, long elapsedMicros) implements Outcome {
    public InTaskFailure {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The hard timeout passed; the executor's process group was killed and the executor replaced. */
  record Timeout(Duration hardTimeout) implements Outcome {
    public Timeout {
      Objects.requireNonNull(hardTimeout, "hardTimeout");
    }
  }

  /** The executor died or broke the protocol while running this task; it was replaced. */
  record ExecutorCrash(CrashReport report) implements Outcome {
    public ExecutorCrash {
      Objects.requireNonNull(report, "report");
    }
  }
}
