package dev.spider.manager.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adapter over the pool: delegation, slots, and who closes the pool. */
final class PoolTaskRunnerTest {

  private final ExecutorPool pool = mock(ExecutorPool.class);

  @Test
  void runsOnThePoolWithOneSlotPerExecutor() throws Exception {
    ExecuteRequest request = new ExecuteRequest("p", "t", new byte[] {1}, new byte[4]);
    Timeouts timeouts = Timeouts.hard(Duration.ofSeconds(5));
    Outcome outcome = new Outcome.Timeout(Duration.ofSeconds(5));
    when(pool.execute(request, timeouts)).thenReturn(outcome);
    when(pool.size()).thenReturn(4);

    PoolTaskRunner runner = PoolTaskRunner.borrowing(pool);

    assertSame(outcome, runner.run(request, timeouts));
    assertEquals(4, runner.slots());
  }

  @Test
  void anOwningRunnerClosesThePool() {
    PoolTaskRunner.owning(pool).close();

    verify(pool).close();
  }

  @Test
  void aBorrowingRunnerLeavesThePoolOpen() {
    PoolTaskRunner.borrowing(pool).close();

    verify(pool, never()).close();
  }
}
