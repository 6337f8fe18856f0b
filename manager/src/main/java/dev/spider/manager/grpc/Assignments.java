package dev.spider.manager.grpc;

import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.tdl.TaskId;
import java.util.Optional;

/**
 * The scheduler's assignments to and from the wire: {@code NextTaskResponse} to an optional {@link
 * TaskAssignment}, a {@link ConsumedAssignment} to the {@code TaskAssignmentRecord} that
 * acknowledges it ({@code from} is the issuing scheduler). A reply without its {@code result}, an
 * assignment without its {@code task_id} or a task id with no kind set is malformed, as upstream's
 * client reads them (docs/cluster.md).
 *
 * <p>Stateless and thread-safe.
 */
final class Assignments {

  private Assignments() {}

  /**
   * The assignment in {@code reply}, or empty for {@code no_task}.
   *
   * @param call the call, for messages
   * @throws SchedulerProtocolException when the reply is malformed
   */
  static Optional<TaskAssignment> read(String call, NextTaskResponse reply)
      throws SchedulerProtocolException {
    switch (reply.getResultCase()) {
      case NO_TASK:
        return Optional.empty();
      case ASSIGNMENT:
        return Optional.of(assignment(call, reply.getAssignment()));
      default:
        throw new SchedulerProtocolException(
            call + ": malformed reply: neither an assignment nor no_task (result not set)");
    }
  }

  private static TaskAssignment assignment(String call, SchedulerAssignment wire)
      throws SchedulerProtocolException {
    if (!wire.hasTaskId()) {
      throw new SchedulerProtocolException(
          call
              + ": malformed reply: assignment "
              + Long.toUnsignedString(wire.getId())
              + " has no task_id");
    }
    Optional<TaskId> taskId = TaskIds.fromProto(wire.getTaskId());
    if (taskId.isEmpty()) {
      throw new SchedulerProtocolException(
          call
              + ": malformed reply: the task_id of assignment "
              + Long.toUnsignedString(wire.getId())
              + " has no kind (index, commit or cleanup)");
    }
    return new TaskAssignment(
        new AssignmentId(wire.getId()),
        new ResourceGroupId(wire.getResourceGroupId()),
        new JobId(wire.getJobId()),
        taskId.get(),
        new SessionId(wire.getSessionId()),
        new SchedulerId(wire.getSchedulerId()));
  }

  /** The acknowledgement record of {@code consumed}. */
  static TaskAssignmentRecord record(ConsumedAssignment consumed) {
    return TaskAssignmentRecord.newBuilder()
        .setId(consumed.id().value())
        .setFrom(consumed.schedulerId().value())
        .build();
  }
}
