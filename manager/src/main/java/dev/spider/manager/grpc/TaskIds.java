package dev.spider.manager.grpc;

import dev.spider.tdl.TaskId;
import java.util.Optional;

/**
 * {@link TaskId} to and from {@code common.TaskId}, a oneof of {@code index} (u64), {@code commit}
 * and {@code cleanup}. {@code index = 0} is a set oneof member, so it is present on the wire; a
 * message with no member set is malformed, and reading it gives empty for the caller to refuse in
 * its own terms (docs/cluster.md).
 *
 * <p>Stateless and thread-safe.
 */
final class TaskIds {

  private TaskIds() {}

  /** The wire form of {@code taskId}. */
  static dev.spider.cluster.proto.common.TaskId toProto(TaskId taskId) {
    dev.spider.cluster.proto.common.TaskId.Builder wire =
        dev.spider.cluster.proto.common.TaskId.newBuilder();
    if (taskId instanceof TaskId.Index index) {
      return wire.setIndex(index.index()).build();
    }
    if (taskId instanceof TaskId.Commit) {
      return wire.setCommit(dev.spider.cluster.proto.common.Void.getDefaultInstance()).build();
    }
    return wire.setCleanup(dev.spider.cluster.proto.common.Void.getDefaultInstance())
        .build(); // sealed: Cleanup is all that's left
  }

  /** The task {@code wire} names, or empty when no member of its oneof is set. */
  static Optional<TaskId> fromProto(dev.spider.cluster.proto.common.TaskId wire) {
    switch (wire.getKindCase()) {
      case INDEX:
        return Optional.of(TaskId.index(wire.getIndex()));
      case COMMIT:
        return Optional.of(TaskId.COMMIT);
      case CLEANUP:
        return Optional.of(TaskId.CLEANUP);
      case KIND_NOT_SET:
        return Optional.empty();
    }
    return Optional.empty(); // a kind added to the .proto later: unknown, so malformed here
  }
}
