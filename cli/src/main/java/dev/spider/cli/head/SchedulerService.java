package dev.spider.cli.head;

import dev.spider.cli.embedded.EmbeddedCluster;
import dev.spider.cli.embedded.ManagerStatus;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.scheduler.HeartbeatRequest;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.SchedulerAssignment;
import dev.spider.cluster.proto.scheduler.SchedulerServiceGrpc;
import dev.spider.cluster.proto.scheduler.ShutdownRequest;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import dev.spider.manager.client.AssignmentId;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskAssignment;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scheduler.SchedulerService} over the embedded cluster's scheduler (docs/cluster.md):
 *
 * <ul>
 *   <li>{@code NextTask} acknowledges {@code prev_assignment} (unknown, repeated and other
 *       schedulers' acknowledgements change nothing), then waits up to {@code wait_time_ms}, at
 *       most {@link #MAX_WAIT}, for a ready task: the assignment, or {@code no_task}. A manager
 *       declared dead gets no tasks. Neither does an id storage never issued (such as a worker's
 *       that outlived a restart of the head): it could register no instance of what it got, so it
 *       gets {@code no_task} after the wait, its acknowledgement ignored. As upstream's, the
 *       scheduler never refuses a poll; the worker learns of its unknown id from liveness.
 *   <li>{@code Heartbeat} never fails, as upstream's: it only counts as hearing from the manager.
 *   <li>{@code Shutdown} acknowledges the records it carries and puts back the tasks assigned to
 *       the manager and never registered; an id storage never issued is {@code NOT_FOUND}.
 * </ul>
 *
 * <p>A poll interrupted because the head is closing answers {@code INTERNAL "scheduler is shutting
 * down"}, as upstream's does when its dispatch queue closes.
 *
 * <p>Thread-safe: its only state is the cluster's. {@code NextTask} blocks its server thread for
 * the wait; the head's scheduler server runs calls on a pool that grows with the polls.
 */
final class SchedulerService extends SchedulerServiceGrpc.SchedulerServiceImplBase {

  /**
   * The longest a poll waits: a longer {@code wait_time_ms} (up to u64::MAX) is cut to this, which
   * a long-polling client cannot tell from a poll that found nothing.
   */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);
  private static final String SERVICE = "scheduler.SchedulerService/";

  private final EmbeddedCluster cluster;

  /** The server threads waiting in a poll, for {@link #close} to wake. */
  private final Set<Thread> polls = ConcurrentHashMap.newKeySet();

  private volatile boolean closing;

  SchedulerService(EmbeddedCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * Ends every poll waiting now, and every poll from now on, with {@code INTERNAL "scheduler is
   * shutting down"}, so the server can stop without waiting out long polls.
   */
  void close() {
    closing = true;
    polls.forEach(Thread::interrupt);
  }

  @Override
  public void nextTask(NextTaskRequest request, StreamObserver<NextTaskResponse> observer) {
    Calls.answer(
        observer,
        SERVICE + "NextTask",
        Statuses.SCHEDULER_INTERNAL,
        () -> {
          ExecutionManagerId em = new ExecutionManagerId(request.getExecutionManagerId());
          // Ids are never forgotten: a known manager stays known until the call below.
          boolean known = cluster.managerStatus(em) != ManagerStatus.UNKNOWN;
          Optional<ConsumedAssignment> previous =
              request.hasPrevAssignment()
                  ? Optional.of(consumed(request.getPrevAssignment()))
                  : Optional.empty();
          Duration wait = Protos.cappedMillis(request.getWaitTimeMs(), MAX_WAIT);
          Optional<TaskAssignment> assignment;
          Thread poller = Thread.currentThread();
          polls.add(poller);
          try {
            if (closing) { // read after the add: close() interrupts this thread, or we see it here
              throw Statuses.schedulerShuttingDown();
            }
            if (known) {
              assignment = cluster.schedulerClient().nextTask(em, previous, wait);
            } else {
              log.debug("poll from execution manager {}, which never registered: no task", em);
              Thread.sleep(wait.toMillis()); // close() interrupts it
              assignment = Optional.empty();
            }
          } catch (InterruptedException e) {
            // close() woke the poll. The server pool clears the flag before its thread's next call.
            Thread.currentThread().interrupt();
            throw Statuses.schedulerShuttingDown();
          } catch (ServerException e) {
            throw new IllegalStateException("checked before the call, yet: " + e.getMessage(), e);
          } finally {
            polls.remove(poller);
          }
          NextTaskResponse.Builder response = NextTaskResponse.newBuilder();
          if (assignment.isPresent()) {
            response.setAssignment(toProto(assignment.get()));
          } else {
            response.setNoTask(Protos.VOID);
          }
          return response.build();
        });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<Void> observer) {
    Calls.answer(
        observer,
        SERVICE + "Heartbeat",
        Statuses.SCHEDULER_INTERNAL,
        () -> {
          ExecutionManagerId em = new ExecutionManagerId(request.getExecutionManagerId());
          ManagerStatus status = cluster.heardFrom(em);
          if (status != ManagerStatus.ALIVE) {
            log.debug("scheduler heartbeat from execution manager {}, which is {}", em, status);
          }
          return Protos.VOID;
        });
  }

  @Override
  public void shutdown(ShutdownRequest request, StreamObserver<Void> observer) {
    Calls.answer(
        observer,
        SERVICE + "Shutdown",
        Statuses.SCHEDULER_INTERNAL,
        () -> {
          ExecutionManagerId em = known(request.getExecutionManagerId());
          List<ConsumedAssignment> consumed =
              request.getPrevAssignmentsList().stream().map(SchedulerService::consumed).toList();
          cluster.schedulerClient().shutdown(em, consumed);
          log.info(
              "execution manager {} shut down, acknowledging {} assignment(s)",
              em,
              consumed.size());
          return Protos.VOID;
        });
  }

  /** A manager id storage issued; ids are never forgotten. */
  private ExecutionManagerId known(long emId) throws StatusException {
    ExecutionManagerId em = new ExecutionManagerId(emId);
    if (cluster.managerStatus(em) == ManagerStatus.UNKNOWN) {
      throw Statuses.managerNotFound();
    }
    return em;
  }

  private static ConsumedAssignment consumed(TaskAssignmentRecord record) {
    return new ConsumedAssignment(
        new AssignmentId(record.getId()), new SchedulerId(record.getFrom()));
  }

  private static SchedulerAssignment toProto(TaskAssignment assignment) {
    return SchedulerAssignment.newBuilder()
        .setId(assignment.id().value())
        .setResourceGroupId(assignment.resourceGroupId().value())
        .setJobId(assignment.jobId().value())
        .setTaskId(Protos.taskId(assignment.taskId()))
        .setSchedulerId(assignment.schedulerId().value())
        .setSessionId(assignment.sessionId().value())
        .build();
  }
}
