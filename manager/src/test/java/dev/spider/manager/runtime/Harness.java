package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.next;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** An {@link ExecutionManager} over the fakes; closing it stops the manager at once. */
final class Harness implements AutoCloseable {

  final EventLog events = new EventLog();
  final FakeScheduler scheduler = new FakeScheduler(events);
  final FakeStorage storage = new FakeStorage(events);
  final FakeLiveness liveness = new FakeLiveness(events);
  final FakeRunner runner;
  ExecutionManager manager;

  Harness(int slots) {
    this.runner = new FakeRunner(slots, events);
  }

  ExecutionManager start() throws Exception {
    return start(Fixtures.config());
  }

  ExecutionManager start(RuntimeConfig.Builder config) throws Exception {
    manager = ExecutionManager.start(config.build(), scheduler, storage, liveness, runner);
    return manager;
  }

  FakeScheduler.Poll poll() throws InterruptedException {
    return next(scheduler.polls, "nextTask call");
  }

  FakeRunner.Execution started() throws InterruptedException {
    return next(runner.started, "task start");
  }

  FakeStorage.Reported report() throws InterruptedException {
    return next(storage.reports, "report");
  }

  FakeStorage.Registered registration() throws InterruptedException {
    return next(storage.registrations, "registerTaskInstance call");
  }

  /** Waits for the termination, which must come within a few event waits. */
  Termination terminated() throws Exception {
    return manager.termination().get(EVENT_WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
  }

  /** {@code shutdown(grace)}, then the termination. */
  Termination stop(Duration grace) throws Exception {
    manager.shutdown(grace);
    return terminated();
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.shutdown(Duration.ZERO);
      manager.close();
    }
  }
}
