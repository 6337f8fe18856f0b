package dev.spider.cli.submit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a job submitted to a cluster ended.
 *
 * <p>Immutable: output payloads are copied on the way in and out.
 */
public sealed interface ClusterOutcome
    permits ClusterOutcome.Succeeded, ClusterOutcome.Failed, ClusterOutcome.Cancelled {

  /** The job's id in storage (unsigned 64-bit, carried in a {@code long}). */
  long jobId();

  /** From registration to the end, as this client saw it. */
  Duration wallTime();

  /**
   * The job succeeded; {@code GetJobOutputs} answered its outputs.
   *
   * @param outputs one MessagePack payload per job output, in upstream's job-output order
   */
  record Succeeded(long jobId, Duration wallTime, List<byte[]> outputs) implements ClusterOutcome {
    public Succeeded {
      Objects.requireNonNull(wallTime, "wallTime");
      outputs = outputs.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> outputs() {
      return outputs.stream().map(byte[]::clone).toList();
    }
  }

  /**
   * The job failed; {@code GetJobError} answered why.
   *
   * @param error the failing task's message, as storage keeps it
   */
  record Failed(long jobId, Duration wallTime, String error) implements ClusterOutcome {
    public Failed {
      Objects.requireNonNull(wallTime, "wallTime");
      Objects.requireNonNull(error, "error");
    }
  }

  /** The job was cancelled (by this client, or by someone else). */
  record Cancelled(long jobId, Duration wallTime) implements ClusterOutcome {
    public Cancelled {
      Objects.requireNonNull(wallTime, "wallTime");
    }
  }
}
