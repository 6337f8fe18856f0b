package dev.spider.manager.runtime;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;

/**
 * What the runtime runs tasks on: the executor pool in production ({@link PoolTaskRunner}), a fake
 * in tests. The runtime never has more than {@link #slots()} calls of {@link #run} in flight.
 *
 * <p>Ownership: {@link ExecutionManager#start} takes the runner over and {@link #close() closes} it
 * when the manager terminates, also when {@code start} itself fails.
 */
public interface TaskRunner extends AutoCloseable {

  /**
   * Runs one task and returns its one outcome. At the soft timeout, if any, the runner interrupts
   * the task (the executor's Interrupt request); at the hard timeout it kills it and returns {@link
   * Outcome.Timeout}.
   *
   * @throws PoolException the runner itself failed (no executor can be started, it is closed); the
   *     runtime reports the task as lost and stops with an error
   * @throws InterruptedException the calling thread was interrupted: the runtime gave up on the
   *     task (shutdown grace passed, or the registration it ran under was voided). The runner must
   *     stop the task (the pool kills its executor) and return promptly.
   */
  Outcome run(ExecuteRequest request, Timeouts timeouts) throws PoolException, InterruptedException;

  /** How many tasks can run at once; at least 1, constant. */
  int slots();

  /** Releases what the runner owns. The default does nothing. Never throws a checked exception. */
  @Override
  default void close() {}
}
