package dev.spider.cli.embedded;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.ServerException;
import dev.spider.manager.client.SessionId;
import dev.spider.manager.client.StaleSessionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may talk to the embedded cluster, and when: the execution managers registered with its
 * liveness endpoint (consecutive ids from the first one, 1 unless the cluster was given another;
 * never forgotten), when each was last heard from, which were declared dead, and the current
 * storage session, starting at the first one (1 unless given another) and only ever moving forward.
 *
 * <p>A manager is heard from whenever it calls the cluster with its id (registration, either
 * heartbeat, a poll, a task-instance call). It is declared dead only by {@link #reap}, which the
 * store calls when asked to ({@link EmbeddedCluster#reapSilentManagers}); a cluster that is never
 * asked keeps every manager alive, as {@code spider run} needs. Dead is for good ({@link
 * ManagerStatus}).
 *
 * <p>Not thread-safe: guarded by the {@link JobStore}'s lock, like every record of this package.
 */
final class Membership {

  /** What the cluster knows of one manager; mutable under the store's lock. */
  private static final class Member {
    long lastSeenNanos;
    boolean dead;

    Member(long nowNanos) {
      lastSeenNanos = nowNanos;
    }
  }

  private final Map<ExecutionManagerId, Member> managers = new HashMap<>();
  private SessionId session;
  private long lastManagerId;

  /**
   * @param firstSession the session to start at
   * @param firstManagerId the id the first registration gets; the next ones follow it
   * @throws IllegalArgumentException when either is not positive
   */
  Membership(SessionId firstSession, ExecutionManagerId firstManagerId) {
    if (firstSession.value() <= 0) {
      throw new IllegalArgumentException("the first session must be positive, got " + firstSession);
    }
    if (firstManagerId.value() <= 0) {
      throw new IllegalArgumentException(
          "the first execution manager id must be positive, got " + firstManagerId);
    }
    session = firstSession;
    lastManagerId = firstManagerId.value() - 1;
  }

  /** A fresh manager id, heard from now, with the current session. */
  Registration register(long nowNanos) {
    ExecutionManagerId em = new ExecutionManagerId(++lastManagerId);
    managers.put(em, new Member(nowNanos));
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

  ManagerStatus status(ExecutionManagerId em) {
    Member member = managers.get(em);
    if (member == null) {
      return ManagerStatus.UNKNOWN;
    }
    return member.dead ? ManagerStatus.DEAD : ManagerStatus.ALIVE;
  }

  /**
   * Notes that {@code em} called: a live manager's silence starts again from {@code nowNanos}.
   *
   * @return where it stands; an unknown or dead manager is not revived
   */
  ManagerStatus heardFrom(ExecutionManagerId em, long nowNanos) {
    Member member = managers.get(em);
    if (member == null) {
      return ManagerStatus.UNKNOWN;
    }
    if (!member.dead) {
      member.lastSeenNanos = nowNanos;
    }
    return member.dead ? ManagerStatus.DEAD : ManagerStatus.ALIVE;
  }

  /**
   * The liveness heartbeat's answer: the current session, for a live manager this cluster knows.
   *
   * @throws IllegalIdException when the cluster never issued {@code em}
   * @throws MarkedDeadException when it declared {@code em} dead
   */
  SessionId heartbeat(ExecutionManagerId em, long nowNanos)
      throws IllegalIdException, MarkedDeadException {
    return switch (heardFrom(em, nowNanos)) {
      case UNKNOWN -> throw new IllegalIdException(em, "never registered with this cluster");
      case DEAD -> throw new MarkedDeadException(em);
      case ALIVE -> session;
    };
  }

  /**
   * Declares dead every live manager silent for longer than {@code cutoffNanos}.
   *
   * @return the managers declared dead by this call, in id order
   */
  List<ExecutionManagerId> reap(long nowNanos, long cutoffNanos) {
    List<ExecutionManagerId> reaped = new ArrayList<>();
    for (Map.Entry<ExecutionManagerId, Member> entry : managers.entrySet()) {
      Member member = entry.getValue();
      if (!member.dead && nowNanos - member.lastSeenNanos > cutoffNanos) {
        member.dead = true;
        reaped.add(entry.getKey());
      }
    }
    reaped.sort((a, b) -> Long.compareUnsigned(a.value(), b.value()));
    return reaped;
  }

  /**
   * @param call the client call, for the message
   * @throws ServerException when {@code em} never registered (a bug of the caller)
   */
  void requireManager(String call, ExecutionManagerId em) throws ServerException {
    if (!managers.containsKey(em)) {
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
