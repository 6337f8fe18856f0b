package dev.spider.manager.client;

import dev.spider.tdl.TaskId;
import java.util.Objects;

/**
 * A task the scheduler asked this execution manager to run: which task of which job, in which
 * resource group, under which storage session, issued by which scheduler.
 *
 * <p>Once the manager has consumed it — registered it with storage, or dropped it on purpose — it
 * acknowledges it with {@link #consumed()} through the next {@link SchedulerClient#nextTask} call
 * (or {@link SchedulerClient#shutdown}).
 *
 * @param id the assignment, unique within {@code schedulerId}
 * @param resourceGroupId the resource group that owns the job
 * @param jobId the job
 * @param taskId which task of the job: a graph task, the commit task or the cleanup task
 * @param sessionId the storage session the assignment was made in; pass it to every {@link
 *     StorageClient} call about this task
 * @param schedulerId the scheduler that issued the assignment
 */
public record TaskAssignment(
    AssignmentId id,
    ResourceGroupId resourceGroupId,
    JobId jobId,
    TaskId taskId,
    SessionId sessionId,
    SchedulerId schedulerId) {

  public TaskAssignment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(resourceGroupId, "resourceGroupId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(schedulerId, "schedulerId");
  }

  /** The acknowledgement of this assignment, addressed to the scheduler that issued it. */
  public ConsumedAssignment consumed() {
    return new ConsumedAssignment(id, schedulerId);
  }
}
