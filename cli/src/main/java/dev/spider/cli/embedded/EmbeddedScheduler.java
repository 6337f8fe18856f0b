package dev.spider.cli.embedded;

import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded scheduler: hands out ready tasks, oldest-ready first, across all jobs.
 *
 * <ul>
 *   <li>{@link #nextTask} waits on a condition until a task becomes ready or {@code maxWait}
 *       passes; it never sleeps or spins. An unregistered manager gets a {@link ServerException}; a
 *       manager declared dead ({@link EmbeddedCluster#reapSilentManagers}) gets no task, after the
 *       same wait.
 *   <li>An assignment acknowledged without an instance having been registered for it was dropped by
 *       the manager: its task is ready again. Unknown and repeated acknowledgements are ignored.
 *   <li>{@link #shutdown} puts back every task assigned to the manager and not registered.
 * </ul>
 *
 * <p>It never throws {@code TransportException} or {@code SchedulerProtocolException}: there is no
 * transport. Thread-safe (see {@link JobStore}).
 */
public final class EmbeddedScheduler implements SchedulerClient {

  private final JobStore store;

  EmbeddedScheduler(JobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Optional<TaskAssignment> nextTask(
      ExecutionManagerId emId, Optional<ConsumedAssignment> previous, Duration maxWait)
      throws ServerException, InterruptedException {
    Objects.requireNonNull(emId, "emId");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(maxWait, "maxWait");
    return store.nextTask(emId, previous, maxWait);
  }

  @Override
  public void heartbeat(ExecutionManagerId emId) throws ServerException {
    store.schedulerHeartbeat(Objects.requireNonNull(emId, "emId"));
  }

  @Override
  public void shutdown(ExecutionManagerId emId, List<ConsumedAssignment> consumed) {
    store.schedulerShutdown(
        Objects.requireNonNull(emId, "emId"),
        List.copyOf(Objects.requireNonNull(consumed, "consumed")));
  }
}
