package dev.spider.cli.head;

import dev.spider.cli.job.JobState;
import dev.spider.cluster.proto.common.Void;
import dev.spider.tdl.TaskId;
import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Duration;

/**
 * Conversions between the cluster protocol's messages (docs/cluster.md) and the embedded cluster's
 * types, for the head's services: task ids, job states with upstream's names, unsigned
 * milliseconds.
 *
 * <p>Stateless.
 */
final class Protos {

  /** The protocol's empty reply. */
  static final Void VOID = Void.getDefaultInstance();

  private Protos() {}

  /**
   * The task a request names.
   *
   * @param present whether the request carries the {@code task_id} field at all
   * @throws StatusException {@code INVALID_ARGUMENT} when it is missing or has no {@code kind}, as
   *     upstream answers
   */
  static TaskId taskId(boolean present, dev.spider.cluster.proto.common.TaskId proto)
      throws StatusException {
    if (!present) {
      throw Status.INVALID_ARGUMENT.withDescription("missing task_id").asException();
    }
    return switch (proto.getKindCase()) {
      case INDEX -> TaskId.index(proto.getIndex());
      case COMMIT -> TaskId.COMMIT;
      case CLEANUP -> TaskId.CLEANUP;
      case KIND_NOT_SET ->
          throw Status.INVALID_ARGUMENT
              .withDescription("task_id has no kind: set index, commit or cleanup")
              .asException();
    };
  }

  /** The protocol's form of a task id; {@code Index(0)} keeps its member, so it is on the wire. */
  static dev.spider.cluster.proto.common.TaskId taskId(TaskId taskId) {
    dev.spider.cluster.proto.common.TaskId.Builder proto =
        dev.spider.cluster.proto.common.TaskId.newBuilder();
    if (taskId instanceof TaskId.Index index) {
      proto.setIndex(index.index());
    } else if (taskId instanceof TaskId.Commit) {
      proto.setCommit(VOID);
    } else {
      proto.setCleanup(VOID);
    }
    return proto.build();
  }

  /** Upstream's state for ours: the head's job states are upstream's, renamed. */
  static dev.spider.cluster.proto.storage.JobState jobState(JobState state) {
    return switch (state) {
      case REGISTERED -> dev.spider.cluster.proto.storage.JobState.READY;
      case RUNNING -> dev.spider.cluster.proto.storage.JobState.RUNNING;
      case COMMITTING -> dev.spider.cluster.proto.storage.JobState.COMMIT_READY;
      case CLEANING_UP -> dev.spider.cluster.proto.storage.JobState.CLEANUP_READY;
      case SUCCEEDED -> dev.spider.cluster.proto.storage.JobState.SUCCEEDED;
      case FAILED -> dev.spider.cluster.proto.storage.JobState.FAILED;
      case CANCELLED -> dev.spider.cluster.proto.storage.JobState.CANCELLED;
    };
  }

  /** The state's name as upstream's messages spell it, e.g. {@code CommitReady}. */
  static String upstreamName(JobState state) {
    return switch (state) {
      case REGISTERED -> "Ready";
      case RUNNING -> "Running";
      case COMMITTING -> "CommitReady";
      case CLEANING_UP -> "CleanupReady";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case CANCELLED -> "Cancelled";
    };
  }

  /**
   * An unsigned millisecond count, capped: {@code u64} values beyond the cap, including those a
   * {@code long} reads as negative, become the cap.
   */
  static Duration cappedMillis(long unsignedMillis, Duration cap) {
    if (unsignedMillis < 0 || unsignedMillis > cap.toMillis()) {
      return cap;
    }
    return Duration.ofMillis(unsignedMillis);
  }
}
