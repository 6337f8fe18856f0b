package dev.spider.manager.runtime;

import dev.spider.manager.client.CacheStaleException;
import dev.spider.manager.client.ClientException;
import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.JobId;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import dev.spider.manager.client.StorageClient;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.client.TaskInstanceId;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.manager.client.TransportException;
import dev.spider.tdl.TaskId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A scripted storage. {@code registerTaskInstance} answers, per job, with the scripted contexts and
 * errors in order, then with {@link Fixtures#context}; reports are recorded. Calls and accepted
 * reports go to blocking queues, so a test waits for one with {@link Fixtures#next}.
 */
final class FakeStorage implements StorageClient {

  /** One {@code registerTaskInstance} call. */
  record Registered(JobId jobId, TaskId taskId, ExecutionManagerId emId, SessionId sessionId) {}

  /** One report that storage accepted. */
  sealed interface Reported {
    JobId jobId();

    ExecutionManagerId emId();
  }

  record Succeeded(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      Optional<TaskOutputs> outputs)
      implements Reported {}

  record Failed(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId instanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      TaskFailure failure)
      implements Reported {}

  final BlockingQueue<Registered> registrations = new LinkedBlockingQueue<>();
  final BlockingQueue<Reported> reports = new LinkedBlockingQueue<>();
  private final Map<JobId, Deque<Object>> registerScript = new HashMap<>();
  private final Map<JobId, Deque<ClientException>> reportScript = new HashMap<>();
  private final EventLog events;

  FakeStorage(EventLog events) {
    this.events = events;
  }

  /** Answers the next registrations of {@code jobId} with these contexts or errors, in order. */
  synchronized void onRegister(JobId jobId, Object... answers) {
    registerScript.computeIfAbsent(jobId, j -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  /** Fails the next reports of {@code jobId} with these errors, in order. */
  synchronized void onReport(JobId jobId, ClientException... errors) {
    reportScript.computeIfAbsent(jobId, j -> new ArrayDeque<>()).addAll(List.of(errors));
  }

  /** The reports accepted so far. */
  List<Reported> reported() {
    return new ArrayList<>(reports);
  }

  @Override
  public ExecutionContext registerTaskInstance(
      JobId jobId, TaskId taskId, ExecutionManagerId emId, SessionId sessionId)
      throws StaleSessionException, CacheStaleException, TransportException, ServerException {
    registrations.add(new Registered(jobId, taskId, emId, sessionId));
    events.add("storage.register " + jobId);
    Object answer;
    synchronized (this) {
      Deque<Object> script = registerScript.get(jobId);
      answer = script == null || script.isEmpty() ? null : script.removeFirst();
    }
    if (answer == null) {
      return Fixtures.context(jobId, taskId, Fixtures.TIMEOUTS);
    }
    if (answer instanceof ExecutionContext context) {
      return context;
    }
    throwRegisterError((ClientException) answer);
    throw new AssertionError("unreachable");
  }

  private static void throwRegisterError(ClientException e)
      throws StaleSessionException, CacheStaleException, TransportException, ServerException {
    if (e instanceof StaleSessionException s) {
      throw s;
    }
    if (e instanceof CacheStaleException c) {
      throw c;
    }
    if (e instanceof TransportException t) {
      throw t;
    }
    if (e instanceof ServerException s) {
      throw s;
    }
    throw new IllegalArgumentException("registerTaskInstance cannot throw " + e);
  }

  @Override
  public void reportTaskSuccess(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      Optional<TaskOutputs> outputs)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InvalidInputException {
    events.add("storage.reportSuccess " + jobId);
    throwReportError(jobId);
    reports.add(new Succeeded(jobId, taskId, taskInstanceId, emId, sessionId, outputs));
  }

  @Override
  public void reportTaskFailure(
      JobId jobId,
      TaskId taskId,
      TaskInstanceId taskInstanceId,
      ExecutionManagerId emId,
      SessionId sessionId,
      TaskFailure failure)
      throws StaleSessionException, CacheStaleException, TransportException, ServerException {
    events.add("storage.reportFailure " + jobId);
    try {
      throwReportError(jobId);
    } catch (InvalidInputException e) {
      throw new IllegalArgumentException("reportTaskFailure cannot throw " + e, e);
    }
    reports.add(new Failed(jobId, taskId, taskInstanceId, emId, sessionId, failure));
  }

  private void throwReportError(JobId jobId)
      throws StaleSessionException,
          CacheStaleException,
          TransportException,
          ServerException,
          InvalidInputException {
    ClientException error;
    synchronized (this) {
      Deque<ClientException> script = reportScript.get(jobId);
      error = script == null ? null : script.pollFirst();
    }
    if (error == null) {
      return;
    }
    if (error instanceof InvalidInputException i) {
      throw i;
    }
    throwRegisterError(error);
  }
}
