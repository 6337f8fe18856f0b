/**
 * The execution manager's runtime: {@link dev.spider.manager.runtime.ExecutionManager} registers
 * with storage, keeps the liveness and scheduler heartbeats going, long-polls the scheduler for
 * task assignments, registers each with storage, runs it on a {@link
 * dev.spider.manager.runtime.TaskRunner} (the executor pool through {@link
 * dev.spider.manager.runtime.PoolTaskRunner}) and reports its outcome — with the semantics of
 * Spider's {@code spider-execution-manager} runtime ({@code runtime.rs}), plus up to {@link
 * dev.spider.manager.runtime.TaskRunner#slots()} tasks in flight at once and the soft timeout.
 *
 * <p>For the CLI:
 *
 * <pre>{@code
 * ExecutionManager manager =
 *     ExecutionManager.start(
 *         RuntimeConfig.defaults(address), scheduler, storage, liveness,
 *         PoolTaskRunner.owning(ExecutorPool.start(poolConfig)));
 * Runtime.getRuntime().addShutdownHook(manager.shutdownHook(Duration.ofSeconds(30)));
 * Termination end = manager.termination().join();   // Stopped, or Failed with the error
 * }</pre>
 *
 * <h2>State flow</h2>
 *
 * <pre>
 *  start(): register (retrying transport errors)
 *     │  └──fails──&gt; ExecutionManagerException, runner closed
 *     │ liveness heartbeat, scheduler heartbeat and the loop thread start
 *     ▼
 *  RUNNING ─shutdown(grace) / loop error─&gt; STOPPING ─shutdown sequence─&gt; TERMINATED
 *                                              termination() completes: Stopped | Failed
 * </pre>
 *
 * <p>The state, the grace and the termination are kept by {@code StopControl}; the boot-time
 * registration is {@code StartupRegistration}'s.
 *
 * <p><b>RUNNING</b>, the loop (thread {@code spider-runtime-loop}, running {@code
 * AssignmentIntake}), each turn:
 *
 * <ol>
 *   <li>wait for a free slot — it never polls while every slot is busy — and for a registration
 *       (none while storage has {@linkplain dev.spider.manager.client.LivenessClient#heartbeat
 *       declared this manager dead} and registering again has not succeeded yet);
 *   <li>{@code nextTask}, acknowledging the oldest consumed assignment not yet acknowledged. An
 *       acknowledgement leaves the queue ({@code Acknowledgements}) only when a call carrying it
 *       returns normally; after an error it is sent again with the next call (acknowledgements are
 *       idempotent). Scheduler errors are logged and polling goes on after a backoff ({@link
 *       dev.spider.manager.runtime.RuntimeConfig#polling()});
 *   <li>an assignment from an older session than the current one is dropped (acknowledged, not
 *       run); one from a newer session makes the loop ask liveness for an immediate heartbeat and
 *       wait (bounded) for it, then look again ({@code SessionRefresh});
 *   <li>{@code registerTaskInstance} ({@code InstanceRegistrar}): success → acknowledged, run;
 *       {@code StaleSession} → acknowledged, dropped, session refreshed; {@code CacheStale} →
 *       acknowledged, dropped; {@code Transport} that provably never reached storage → retried with
 *       backoff, and after the last attempt given up unacknowledged (so the scheduler hands it out
 *       again); {@code Transport} that may have reached storage → never retried (a retry could
 *       wedge the task behind an instance nobody runs): unacknowledged, and the loop stops with
 *       {@link dev.spider.manager.runtime.Termination.Failed}, so the worker exits, its id goes
 *       silent, storage reaps the instance and the scheduler hands the task out again; {@code
 *       Server} (or anything else) → unacknowledged, and the loop stops likewise, as in Spider;
 *   <li>the task runs on a thread of its own ({@code spider-task-N}, {@code TaskThreads}) with the
 *       hard and soft timeouts of its policy; its outcome is dropped if the session (or the
 *       registration) moved on meanwhile, else reported on a report thread ({@code
 *       spider-report-N}, {@code Reporter}) so neither the loop nor the slot waits for storage;
 *       report errors are handled as {@link dev.spider.manager.client.StorageClient} documents them
 *       (transport errors retried with backoff, the others dropped). A runner failure ({@link
 *       dev.spider.manager.pool.PoolException}) reports the task as lost and stops the loop with an
 *       error.
 * </ol>
 *
 * <p><b>STOPPING</b>, on {@link dev.spider.manager.runtime.ExecutionManager#shutdown(
 * java.time.Duration)} (the CLI wires SIGINT/SIGTERM to it through a JVM shutdown hook) or when the
 * loop stops on an error (grace: {@link dev.spider.manager.runtime.RuntimeConfig#shutdownGrace()}).
 * The loop thread then runs {@code ShutdownSequence}; each step is bounded:
 *
 * <ol>
 *   <li>stop polling: a pending {@code nextTask} is interrupted; an assignment received but not yet
 *       registered is left unconsumed (neither registered nor acknowledged), as in Spider; one
 *       whose registration call is already under way is registered and runs like the others;
 *   <li>running tasks get the grace period (measured from the first stop request; a later request
 *       with a shorter grace shortens it) to finish; their outcomes are reported as usual;
 *   <li>tasks still running when it passes are <em>abandoned</em>: interrupted (the pool kills
 *       their executors) and reported as environmental failures ("executor lost: ... did not finish
 *       within the grace period of ..."), so their jobs can retry them elsewhere at once rather
 *       than wait for storage's timeout;
 *   <li>pending reports get {@link dev.spider.manager.runtime.RuntimeConfig#reportDrainTimeout()}
 *       to finish, retries included;
 *   <li>the scheduler heartbeat stops; {@code SchedulerClient.shutdown} acknowledges every consumed
 *       assignment not yet acknowledged; the liveness heartbeat stops (only now, so storage does
 *       not declare the manager dead while tasks finish); the runner is closed.
 * </ol>
 *
 * <p><b>Guarantees.</b> Each consumed assignment is acknowledged exactly once: it is queued once
 * when consumed, leaves the queue only with a {@code nextTask} call that returned normally, and
 * whatever is left goes to {@code SchedulerClient.shutdown} — the loop thread alone touches the
 * queue. (A {@code nextTask} call that failed or was interrupted may have delivered it as well;
 * sending it again is safe because the scheduler treats acknowledgements as idempotent.) Each
 * registered instance is reported at most once: its outcome, its abandonment at shutdown and its
 * voiding by a re-registration race to settle it (a compare-and-set in {@code TaskRun}), and only
 * the winner may report. Nothing is lost silently: every admitted instance is reported, or dropped
 * with a log line saying why (stale session, voided id, storage refused or unreachable).
 *
 * <p><b>Re-registration.</b> When the liveness heartbeat ({@code LivenessHeartbeat}) learns storage
 * declared this manager dead (or forgot its id), the tasks running under the old id are stopped and
 * never reported (storage would refuse them), and the manager registers again and carries on under
 * the new id ({@code Membership}), as {@link dev.spider.manager.client.LivenessClient#heartbeat}
 * documents.
 *
 * <p><b>Locks.</b> Each part keeps its lock order to itself: the locks of {@code StopControl},
 * {@code InFlight}, {@code Membership}, {@code LivenessHeartbeat} and {@code TaskRun} are leaves —
 * none is held while another of them is taken (callbacks and log lines that reach other parts come
 * after the lock is released; {@code InFlight} reads the stop deadline under its lock through a
 * volatile field, not {@code StopControl}'s monitor) — so the parts cannot deadlock one another.
 *
 * <p>Also here: {@link dev.spider.manager.runtime.ExecuteRequests} (what an executor runs for a
 * registered instance, with Spider's commit routing) and {@link
 * dev.spider.manager.runtime.FailureClassifier} (the failure table, also in docs/failures.md).
 */
package dev.spider.manager.runtime;
