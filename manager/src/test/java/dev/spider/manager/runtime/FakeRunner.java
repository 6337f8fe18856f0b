package dev.spider.manager.runtime;

import com.google.common.base.Throwables;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task runner whose tasks run until the test ends them: every {@link #run} call shows up in
 * {@link #started} as an {@link Execution} and blocks until the test {@linkplain Execution#finish
 * finishes} it (or the runtime interrupts it). Tracks how many run at once.
 */
final class FakeRunner implements TaskRunner {

  /** One {@link #run} call in progress. */
  static final class Execution {
    final ExecuteRequest request;
    final Timeouts timeouts;
    final String threadName;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();

    /** Completes when the call saw the runtime's interrupt. */
    final CompletableFuture<Void> interrupted = new CompletableFuture<>();

    private volatile Optional<Outcome> outcomeWhenInterrupted = Optional.empty();

    Execution(ExecuteRequest request, Timeouts timeouts) {
      this.request = request;
      this.timeouts = timeouts;
      this.threadName = Thread.currentThread().getName();
    }

    /** The call returns {@code outcome}. */
    void finish(Outcome outcome) {
      result.complete(outcome);
    }

    /** The call throws {@code error}: a {@link PoolException} or an unchecked exception. */
    void fail(Exception error) {
      result.completeExceptionally(error);
    }

    /** When interrupted, the call returns {@code outcome} instead of throwing (a late outcome). */
    void returnWhenInterrupted(Outcome outcome) {
      outcomeWhenInterrupted = Optional.of(outcome);
    }
  }

  final BlockingQueue<Execution> started = new LinkedBlockingQueue<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  private final int slots;
  private final EventLog events;

  FakeRunner(int slots, EventLog events) {
    this.slots = slots;
    this.events = events;
  }

  @Override
  public Outcome run(ExecuteRequest request, Timeouts timeouts)
      throws PoolException, InterruptedException {
    Execution execution = new Execution(request, timeouts);
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    events.add("runner.run " + request.packageName());
    started.add(execution);
    try {
      return execution.result.get();
    } catch (InterruptedException e) {
      execution.interrupted.complete(null);
      if (execution.outcomeWhenInterrupted.isPresent()) {
        return execution.outcomeWhenInterrupted.get();
      }
      throw e;
    } catch (ExecutionException e) {
      Throwables.throwIfInstanceOf(e.getCause(), PoolException.class);
      Throwables.throwIfUnchecked(e.getCause());
      throw new IllegalStateException("Execution.fail takes runner errors only", e.getCause());
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public int slots() {
    return slots;
  }

  @Override
  public void close() {
    events.add("runner.close");
    closed.incrementAndGet();
  }
}
