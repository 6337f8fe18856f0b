package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.EVENT_WAIT;
import static dev.spider.manager.runtime.Fixtures.next;

import dev.spider.manager.client.JobId;
import dev.spider.tdl.TaskContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExecutionManager} over the fakes; closing it stops the manager at once. Every waiting
 * helper blocks on the queue or future it waits for, up to {@link Fixtures#EVENT_WAIT} (a few for
 * the termination), and fails the test when that passes.
 */
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

  /**
   * The next {@code n} task starts, by job. Tasks run on their own threads, so the order in which
   * several running tasks reach the runner is not the order they were assigned in.
   */
  Map<JobId, FakeRunner.Execution> started(int n) throws Exception {
    Map<JobId, FakeRunner.Execution> byJob = new HashMap<>();
    for (int i = 0; i < n; i++) {
      FakeRunner.Execution execution = started();
      long job = TaskContext.decode(execution.request.rawContext()).jobId();
      byJob.put(new JobId(job), execution);
    }
    return byJob;
  }

  /**
   * The next {@code n} reports, by job: each report is made on its own thread, so reports of
   * different tasks may arrive in any order.
   */
  Map<JobId, FakeStorage.Reported> reports(int n) throws InterruptedException {
    Map<JobId, FakeStorage.Reported> byJob = new HashMap<>();
    for (int i = 0; i < n; i++) {
      FakeStorage.Reported reported = report();
      byJob.put(reported.jobId(), reported);
    }
    return byJob;
  }

  FakeStorage.Reported report() throws InterruptedException {
    return next(storage.reports, "report");
  }

  FakeStorage.Registered registration() throws InterruptedException {
    return next(storage.registrations, "registerTaskInstance call");
  }

  /** Waits for the termination, which must come within a few event waits. */
  Termination terminated() throws Exception {
    return manager.termination().get(EVENT_WAIT.multipliedBy(3).toNanos(), TimeUnit.NANOSECONDS);
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
