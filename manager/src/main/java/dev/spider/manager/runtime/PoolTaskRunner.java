package dev.spider.manager.runtime;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link TaskRunner} over an {@link ExecutorPool}: one slot per executor. {@link #owning} closes
 * the pool when the runner is closed (the runtime then owns the pool); {@link #borrowing} leaves it
 * open for its owner.
 */
public final class PoolTaskRunner implements TaskRunner {

  private enum Ownership {
    OWNED,
    BORROWED
  }

  private final ExecutorPool pool;
  private final Ownership ownership;

  private PoolTaskRunner(ExecutorPool pool, Ownership ownership) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.ownership = ownership;
  }

  /** A runner that closes {@code pool} when it is closed. */
  public static PoolTaskRunner owning(ExecutorPool pool) {
    return new PoolTaskRunner(pool, Ownership.OWNED);
  }

  /** A runner that leaves {@code pool} open when it is closed. */
  public static PoolTaskRunner borrowing(ExecutorPool pool) {
    return new PoolTaskRunner(pool, Ownership.BORROWED);
  }

  @Override
  public Outcome run(ExecuteRequest request, Timeouts timeouts)
      throws PoolException, InterruptedException {
    return pool.execute(request, timeouts);
  }

  @Override
  public int slots() {
    return pool.size();
  }

  /** Closes the pool if this runner owns it (Shutdown to every executor, grace, kill). */
  @Override
  public void close() {
    if (ownership == Ownership.OWNED) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "PoolTaskRunner["
        + pool.size()
        + " slots, "
        + ownership.name().toLowerCase(Locale.ROOT)
        + " pool]";
  }
}
