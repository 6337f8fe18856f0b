package dev.spider.manager.runtime;

import dev.spider.manager.client.ClientException;
import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.TransportException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A scripted liveness service. {@code register} answers with the scripted registrations and errors,
 * then with {@link Fixtures#BOOT_EM} in {@link Fixtures#BOOT_SESSION}; {@code heartbeat} with the
 * scripted sessions and errors, then with the last session it returned (initially {@link
 * Fixtures#BOOT_SESSION}). An optional hook runs inside each heartbeat. Calls are recorded in
 * blocking queues, so a test waits for one with {@link Fixtures#next}.
 */
final class FakeLiveness implements LivenessClient {

  final BlockingQueue<ExecutionManagerId> heartbeats = new LinkedBlockingQueue<>();
  final BlockingQueue<InetAddress> registrations = new LinkedBlockingQueue<>();
  private final Deque<Object> heartbeatScript = new ArrayDeque<>();
  private final Deque<Object> registerScript = new ArrayDeque<>();
  private final EventLog events;
  private SessionId steady = Fixtures.BOOT_SESSION;
  private volatile Runnable duringHeartbeat = () -> {};

  FakeLiveness(EventLog events) {
    this.events = events;
  }

  /** The next heartbeats answer with these sessions or errors, in order. */
  synchronized void onHeartbeat(Object... answers) {
    heartbeatScript.addAll(List.of(answers));
  }

  /** The next registrations answer with these registrations or errors, in order. */
  synchronized void onRegister(Object... answers) {
    registerScript.addAll(List.of(answers));
  }

  /** Runs {@code hook} inside every heartbeat call, before it answers. */
  void duringHeartbeat(Runnable hook) {
    this.duringHeartbeat = hook;
  }

  @Override
  public Registration register(InetAddress ip) throws TransportException {
    registrations.add(ip);
    events.add("liveness.register");
    Object answer;
    synchronized (this) {
      answer = registerScript.pollFirst();
    }
    if (answer == null) {
      return new Registration(Fixtures.BOOT_EM, Fixtures.BOOT_SESSION);
    }
    if (answer instanceof TransportException e) {
      throw e;
    }
    Registration registration = (Registration) answer;
    synchronized (this) {
      steady = registration.sessionId();
    }
    return registration;
  }

  @Override
  public SessionId heartbeat(ExecutionManagerId emId)
      throws MarkedDeadException, TransportException, IllegalIdException {
    heartbeats.add(emId);
    events.add("liveness.heartbeat " + emId);
    duringHeartbeat.run();
    Object answer;
    synchronized (this) {
      answer = heartbeatScript.pollFirst();
      if (answer == null) {
        return steady;
      }
      if (answer instanceof SessionId session) {
        steady = session;
        return session;
      }
    }
    ClientException e = (ClientException) answer;
    if (e instanceof MarkedDeadException m) {
      throw m;
    }
    if (e instanceof IllegalIdException i) {
      throw i;
    }
    if (e instanceof TransportException t) {
      throw t;
    }
    throw new IllegalArgumentException("heartbeat cannot throw " + e);
  }
}
