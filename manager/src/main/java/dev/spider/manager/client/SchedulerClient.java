package dev.spider.manager.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The execution manager's view of the scheduler: long-poll for the next task assignment, tell the
 * scheduler this manager is still there, and say goodbye at shutdown. Mirrors Spider's {@code
 * SchedulerClient} (spider-execution-manager, {@code client/scheduler.rs}).
 *
 * <p><b>Acknowledgements.</b> Every assignment the manager consumes — registers with storage, or
 * drops on purpose (stale session, stale cache) — is acknowledged to the scheduler that issued it
 * with {@link TaskAssignment#consumed()}: on the next {@link #nextTask} call, or at {@link
 * #shutdown}. Implementations must treat acknowledgements as idempotent — one the scheduler has
 * already seen, or has forgotten, is not an error — so a caller that does not know whether a failed
 * call delivered its acknowledgement simply sends it again.
 *
 * <p><b>Threads.</b> Implementations are thread-safe: the runtime loop polls while another thread
 * heartbeats. Calls other than {@code nextTask} are bounded by the implementation's own request
 * timeout (a {@link TransportException} when it passes).
 */
public interface SchedulerClient {

  /**
   * Waits up to {@code maxWait} for the scheduler to assign a task to this execution manager,
   * acknowledging {@code previous} on the way.
   *
   * @param emId this execution manager
   * @param previous the last assignment consumed since the previous call, if any; see the class
   *     comment on acknowledgements
   * @param maxWait how long the scheduler may hold the request open; zero polls without waiting
   * @return the assignment, or empty when {@code maxWait} elapsed without one (not an error: call
   *     again)
   * @throws TransportException the scheduler is unreachable or the request timed out. Back off and
   *     call again, passing {@code previous} again (it may not have arrived).
   * @throws ServerException the scheduler failed internally. Back off and call again, passing
   *     {@code previous} again; Spider's runtime keeps polling through scheduler errors.
   * @throws SchedulerProtocolException the scheduler's reply was malformed — a bug or a version
   *     mismatch, likely to repeat. Log it as an error, then back off and call again as for {@link
   *     TransportException}; an operator has to fix the deployment.
   * @throws InterruptedException the calling thread was interrupted while waiting: the runtime is
   *     shutting down. Stop polling and hand {@code previous} to {@link #shutdown}.
   * @throws IllegalArgumentException when {@code maxWait} is negative
   */
  Optional<TaskAssignment> nextTask(
      ExecutionManagerId emId, Optional<ConsumedAssignment> previous, Duration maxWait)
      throws TransportException, ServerException, SchedulerProtocolException, InterruptedException;

  /**
   * Tells the scheduler this execution manager is alive, so it keeps assigning tasks to it. Call
   * periodically from a thread of its own.
   *
   * @param emId this execution manager
   * @throws TransportException the scheduler is unreachable or the request timed out. Log it and
   *     heartbeat again at the next tick; never stop the runtime for it.
   * @throws ServerException the scheduler failed internally. As for {@link TransportException}.
   * @throws SchedulerProtocolException the reply was malformed. As for {@link TransportException},
   *     logged as an error (likely a version mismatch).
   * @throws InterruptedException the calling thread was interrupted: stop heartbeating.
   */
  void heartbeat(ExecutionManagerId emId)
      throws TransportException, ServerException, SchedulerProtocolException, InterruptedException;

  /**
   * Tells the scheduler this execution manager is going away, acknowledging the assignments it
   * consumed but had not acknowledged yet, so the scheduler stops waiting for it. Best effort:
   * never throws; failures are logged by the implementation and the scheduler finds out through the
   * missing heartbeats instead. It may return before the scheduler has received it (fire and
   * forget) and never blocks longer than the implementation's request timeout. If the calling
   * thread is interrupted, it returns at once with the interrupt status kept.
   *
   * @param emId this execution manager
   * @param consumed the assignments consumed but not yet acknowledged, in any order; may be empty
   */
  void shutdown(ExecutionManagerId emId, List<ConsumedAssignment> consumed);
}
