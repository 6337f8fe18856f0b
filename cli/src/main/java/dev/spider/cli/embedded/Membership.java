package dev.spider.cli.embedded;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may talk to the embedded cluster, and when: the execution managers registered with its
 * liveness endpoint (ids 1, 2, ... never forgotten, never declared dead) and the current storage
 * session, starting at 1 and only ever moving forward.
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package.
 */
final class Membership {

  private final Set<ExecutionManagerId> managers = new HashSet<>();
  private SessionId session = new SessionId(1);
  private long lastManagerId;

  /** A fresh manager id, with the current session. */
  Registration register() {
    ExecutionManagerId em = new ExecutionManagerId(++lastManagerId);
    managers.add(em);
    return new Registration(em, session);
  }

  SessionId session() {
    return session;
  }

  /** Moves to the next session and returns it. */
  SessionId startNewSession() {
    session = new SessionId(session.value() + 1);
    return session;
  }

  /** The liveness heartbeat's answer: the current session, for a manager this cluster knows. */
  SessionId heartbeat(ExecutionManagerId em) throws IllegalIdException {
    if (!managers.contains(em)) {
      throw new IllegalIdException(em, "never registered with this embedded cluster");
    }
    return session;
  }

  /**
   * @param call the client call, for the message
   * @throws ServerException when {@code em} never registered (a bug of the caller)
   */
  void requireManager(String call, ExecutionManagerId em) throws ServerException {
    if (!managers.contains(em)) {
      throw new ServerException(
          call + ": execution manager " + em + " never registered (call LivenessClient.register)");
    }
  }

  /**
   * @param call the storage call, for the message
   * @throws StaleSessionException when {@code requestSession} is older than the current one
   * @throws ServerException when it is newer: storage never issued it
   */
  void checkSession(String call, SessionId requestSession)
      throws StaleSessionException, ServerException {
    if (requestSession.isBefore(session)) {
      throw new StaleSessionException(call, requestSession, session);
    }
    if (session.isBefore(requestSession)) {
      throw new ServerException(
          call + ": session " + requestSession + " is unknown; storage is at session " + session);
    }
  }
}
