/**
 * The execution manager's clients of the scheduler, storage and liveness services, with their
 * records and typed errors. Mirrors Spider's {@code spider-execution-manager} {@code client}
 * module; concrete network clients and embedded in-process ones implement these interfaces.
 *
 * <p>One task, end to end:
 *
 * <ol>
 *   <li>{@link dev.spider.manager.client.LivenessClient#register} once: an execution manager id and
 *       the current session. Heartbeat periodically after that.
 *   <li>{@link dev.spider.manager.client.SchedulerClient#nextTask}: a {@link
 *       dev.spider.manager.client.TaskAssignment}, or nothing when the wait elapsed.
 *   <li>{@link dev.spider.manager.client.StorageClient#registerTaskInstance} with the assignment's
 *       job, task and session: an {@link dev.spider.manager.client.ExecutionContext}. The
 *       assignment is now consumed; acknowledge it on the next {@code nextTask}.
 *   <li>Run it (its {@link dev.spider.tdl.TaskContext} comes from {@link
 *       dev.spider.manager.client.ExecutionContext#taskContext}), then {@link
 *       dev.spider.manager.client.StorageClient#reportTaskSuccess} or {@link
 *       dev.spider.manager.client.StorageClient#reportTaskFailure} under the assignment's session.
 * </ol>
 *
 * <p>Errors are checked exceptions, one final class per kind under the sealed {@link
 * dev.spider.manager.client.ClientException}; each method declares exactly the kinds it can throw
 * and documents the reaction to each. In short: stale session → refresh the session through
 * liveness and drop the task; stale cache → drop the task; transport → back off and retry; marked
 * dead or illegal id → register again.
 *
 * <p>IDs are unsigned 64-bit values in small records ({@link dev.spider.manager.client.JobId},
 * {@link dev.spider.manager.client.SessionId}, ...) so that the six-argument storage calls cannot
 * take them in the wrong order, and so that they print unsigned.
 */
package dev.spider.manager.client;
