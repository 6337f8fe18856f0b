package dev.spider.cli.embedded;

import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TaskAssignment;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded scheduler's assignments handed out and not acknowledged yet. An acknowledged
 * assignment whose task never got an instance registered was dropped by its manager, and the task
 * is made ready again; so are the tasks of a manager that shuts down with assignments outstanding.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package.
 */
final class Assignments {

  /** The one scheduler of the embedded cluster; assignments name it. */
  static final SchedulerId SCHEDULER_ID = new SchedulerId(1);

  /** The resource group of jobs submitted without one ({@link EmbeddedCluster#submit}). */
  static final ResourceGroupId RESOURCE_GROUP = new ResourceGroupId(1);

  private static final Logger log = LoggerFactory.getLogger(Assignments.class);

  /** An assignment handed to {@code em} for {@code task}. */
  private record Outstanding(ExecutionManagerId em, TaskRecord task) {}

  private final Map<AssignmentId, Outstanding> outstanding = new HashMap<>();
  private long lastAssignmentId;

  /** Hands a READY task to {@code em}, in storage session {@code session}. */
  TaskAssignment assign(TaskRecord task, ExecutionManagerId em, SessionId session) {
    AssignmentId id = new AssignmentId(++lastAssignmentId);
    task.assign(id);
    outstanding.put(id, new Outstanding(em, task));
    return new TaskAssignment(
        id, task.job().resourceGroup(), task.job().id(), task.taskId(), session, SCHEDULER_ID);
  }

  /**
   * Forgets an acknowledged assignment, making its task ready again if it was dropped. Unknown and
   * repeated acknowledgements, and other schedulers', change nothing.
   */
  void acknowledge(ConsumedAssignment consumed) {
    if (!consumed.schedulerId().equals(SCHEDULER_ID)) {
      log.debug("ignoring the acknowledgement of {}: not issued by this scheduler", consumed);
      return;
    }
    Outstanding assignment = outstanding.remove(consumed.id());
    if (assignment != null) {
      requeueIfUnregistered(assignment.task(), consumed.id());
    }
  }

  /** Forgets every assignment of {@code em}, making the tasks it never registered ready again. */
  void releaseAll(ExecutionManagerId em) {
    for (Iterator<Map.Entry<AssignmentId, Outstanding>> it = outstanding.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<AssignmentId, Outstanding> entry = it.next();
      if (entry.getValue().em().equals(em)) {
        it.remove();
        requeueIfUnregistered(entry.getValue().task(), entry.getKey());
      }
    }
  }

  /** Forgets every assignment, voided by a new storage session; acknowledging one is a no-op. */
  void clear() {
    outstanding.clear();
  }

  private static void requeueIfUnregistered(TaskRecord task, AssignmentId assignment) {
    if (task.awaitsRegistrationFor(assignment)) {
      task.job().makeReady(task);
    }
  }
}
