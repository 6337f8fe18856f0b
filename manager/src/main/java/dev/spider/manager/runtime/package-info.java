/**
 * The execution manager's runtime: {@link dev.spider.manager.runtime.ExecutionManager} registers
 * with storage, heartbeats, long-polls the scheduler, runs tasks on a {@link
 * dev.spider.manager.runtime.TaskRunner} (the executor pool through {@link
 * dev.spider.manager.runtime.PoolTaskRunner}) and reports their outcomes, with the semantics of
 * Spider's {@code spider-execution-manager} runtime.
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
 * <p>Also here: {@link dev.spider.manager.runtime.ExecuteRequests} (what an executor runs for a
 * registered instance, with Spider's commit routing) and {@link
 * dev.spider.manager.runtime.FailureClassifier} (the failure table).
 */
package dev.spider.manager.runtime;
