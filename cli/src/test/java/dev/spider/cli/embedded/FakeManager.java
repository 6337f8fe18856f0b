package dev.spider.cli.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted execution manager over an embedded cluster's clients, driven step by step from the
 * test thread: take the next ready task (assign + register), then report what the test says. The
 * tasks "fibonacci" and "add" can be computed for real with {@link #runAll}.
 *
 * <p>It never waits: {@link #take} asks for a task with a zero long-poll wait, so a test states
 * exactly what is ready at each step. Tests that need a call to wait run it on its own thread
 * ({@link Background}) and wait for it with {@link Waits}. Not thread-safe: one test thread drives
 * it.
 */
public final class FakeManager {

  static final TdlCodec<Long> INT64 = TdlCodec.of(Long.class);

  /** One registered attempt. */
  public record Attempt(TaskAssignment assignment, ExecutionContext context) {
    String taskName() {
      return context.function().taskName();
    }
  }

  private final SchedulerClient scheduler;
  private final StorageClient storage;
  final ExecutionManagerId em;
  private Optional<ConsumedAssignment> previous = Optional.empty();

  public FakeManager(EmbeddedCluster cluster) throws Exception {
    scheduler = cluster.schedulerClient();
    storage = cluster.storageClient();
    Registration registration = cluster.livenessClient().register(InetAddress.getLoopbackAddress());
    em = registration.emId();
  }

  /** The next ready task, assigned and registered, without waiting; empty when none is ready. */
  Optional<Attempt> take() throws Exception {
    Optional<TaskAssignment> assignment = scheduler.nextTask(em, previous, Duration.ZERO);
    previous = Optional.empty();
    if (assignment.isEmpty()) {
      return Optional.empty();
    }
    TaskAssignment a = assignment.get();
    previous = Optional.of(a.consumed());
    ExecutionContext context =
        storage.registerTaskInstance(a.jobId(), a.taskId(), em, a.sessionId());
    return Optional.of(new Attempt(a, context));
  }

  /** Like {@link #take}, failing the test when nothing is ready. */
  Attempt takeOne() throws Exception {
    Optional<Attempt> attempt = take();
    assertTrue(attempt.isPresent(), "expected a ready task");
    return attempt.get();
  }

  void succeed(Attempt attempt, byte[]... payloads) throws Exception {
    TaskAssignment a = attempt.assignment();
    storage.reportTaskSuccess(
        a.jobId(),
        a.taskId(),
        attempt.context().taskInstanceId(),
        em,
        a.sessionId(),
        TaskOutputs.forReport(a.taskId(), WireFormat.encode(List.of(payloads))));
  }

  void fail(Attempt attempt, TaskFailure failure) throws Exception {
    TaskAssignment a = attempt.assignment();
    storage.reportTaskFailure(
        a.jobId(), a.taskId(), attempt.context().taskInstanceId(), em, a.sessionId(), failure);
  }

  /**
   * Runs ready tasks one at a time until none is ready, computing "fibonacci" and "add" from their
   * real inputs and succeeding every other task with no outputs.
   *
   * @return the attempts run, in order
   */
  public List<Attempt> runAll() throws Exception {
    List<Attempt> run = new ArrayList<>();
    Optional<Attempt> next;
    while ((next = take()).isPresent()) {
      Attempt attempt = next.get();
      run.add(attempt);
      List<byte[]> inputs = WireFormat.decode(attempt.context().serializedInputs());
      switch (attempt.taskName()) {
        case "fibonacci" -> succeed(attempt, INT64.encode(fib(INT64.decode(inputs.get(0)))));
        case "add" ->
            succeed(
                attempt, INT64.encode(INT64.decode(inputs.get(0)) + INT64.decode(inputs.get(1))));
        default -> succeed(attempt);
      }
    }
    return run;
  }

  private static long fib(long n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }
}
