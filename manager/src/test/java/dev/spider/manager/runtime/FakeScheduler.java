package dev.spider.manager.runtime;

import dev.spider.manager.client.ClientException;
import dev.spider.manager.client.ConsumedAssignment;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SchedulerClient;
import dev.spider.manager.client.SchedulerProtocolException;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.TaskAssignment;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scripted scheduler: {@code nextTask} hands out what {@link #assign} or {@link #fail} queued,
 * waiting up to {@code maxWait} for it, and records every call in a blocking queue (a test waits
 * for one with {@link Fixtures#next}). An acknowledgement counts as delivered only when its call
 * returned normally.
 */
final class FakeScheduler implements SchedulerClient {

  /** One {@code nextTask} call, recorded as it starts. */
  record Poll(ExecutionManagerId emId, Optional<ConsumedAssignment> previous) {}

  final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();
  final BlockingQueue<ExecutionManagerId> heartbeats = new LinkedBlockingQueue<>();
  final BlockingQueue<List<ConsumedAssignment>> shutdowns = new LinkedBlockingQueue<>();
  private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();
  private final List<ConsumedAssignment> delivered =
      Collections.synchronizedList(new ArrayList<>());
  private final EventLog events;
  private volatile Consumer<TaskAssignment> onHandOut = a -> {};

  FakeScheduler(EventLog events) {
    this.events = events;
  }

  void assign(TaskAssignment... assignments) {
    script.addAll(List.of(assignments));
  }

  /** The next {@code nextTask} call throws {@code error} (its acknowledgement did not arrive). */
  void fail(ClientException error) {
    script.add(error);
  }

  /** Runs {@code hook} inside {@code nextTask} just before it returns an assignment. */
  void onHandOut(Consumer<TaskAssignment> hook) {
    this.onHandOut = hook;
  }

  /** Acknowledgements of calls that returned normally, then those given to {@code shutdown}. */
  List<ConsumedAssignment> acknowledgements() {
    List<ConsumedAssignment> all = new ArrayList<>(delivered);
    shutdowns.forEach(all::addAll);
    return all;
  }

  @Override
  public Optional<TaskAssignment> nextTask(
      ExecutionManagerId emId, Optional<ConsumedAssignment> previous, Duration maxWait)
      throws TransportException, ServerException, SchedulerProtocolException, InterruptedException {
    polls.add(new Poll(emId, previous));
    Object next = script.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    if (next instanceof TransportException e) {
      throw e;
    }
    if (next instanceof ServerException e) {
      throw e;
    }
    if (next instanceof SchedulerProtocolException e) {
      throw e;
    }
    previous.ifPresent(delivered::add);
    if (next == null) {
      return Optional.empty();
    }
    TaskAssignment assignment = (TaskAssignment) next;
    onHandOut.accept(assignment);
    return Optional.of(assignment);
  }

  @Override
  public void heartbeat(ExecutionManagerId emId) {
    events.add("scheduler.heartbeat");
    heartbeats.add(emId);
  }

  @Override
  public void shutdown(ExecutionManagerId emId, List<ConsumedAssignment> consumed) {
    events.add("scheduler.shutdown " + emId);
    shutdowns.add(List.copyOf(consumed));
  }
}
