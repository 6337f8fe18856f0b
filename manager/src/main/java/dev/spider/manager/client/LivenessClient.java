package dev.spider.manager.client;

import java.net.InetAddress;

/**
 * The execution manager's view of storage's liveness endpoint: register once at start-up to get an
 * id, then heartbeat periodically to stay alive and learn the current storage session. Mirrors
 * Spider's {@code LivenessClient} (spider-execution-manager, {@code client/liveness.rs}).
 *
 * <p>The session a heartbeat returns is authoritative. Sessions only move forward ({@link
 * SessionId#isBefore}): when the returned one is newer than the session the runtime holds, the
 * runtime adopts it, and assignments made in an older session are dropped unrun.
 *
 * <p>Implementations are thread-safe: heartbeats run on a thread of their own, and the runtime loop
 * asks for an immediate one when storage reports a stale session. Each call is bounded by the
 * implementation's request timeout (a {@link TransportException} when it passes).
 */
public interface LivenessClient {

  /**
   * Registers this execution manager with storage. Called once at start-up, and again after {@link
   * MarkedDeadException} or {@link IllegalIdException} to start over under a new id.
   *
   * @param ip the address this execution manager advertises
   * @return the id storage assigned and the current session
   * @throws TransportException storage is unreachable or the request timed out. Back off and
   *     register again; the manager can do nothing useful unregistered, so after a bounded number
   *     of attempts give up and exit with an error.
   * @throws InterruptedException the calling thread was interrupted: stop starting up.
   */
  Registration register(InetAddress ip) throws TransportException, InterruptedException;

  /**
   * Tells storage this execution manager is alive and returns storage's current session.
   *
   * @param emId this execution manager, from {@link #register}
   * @return the current storage session
   * @throws MarkedDeadException storage already declared {@code emId} dead: the id and every
   *     instance registered under it are void. Stop running and reporting tasks under {@code emId}
   *     (storage would refuse them), then {@link #register} again and carry on under the new id and
   *     session. (Spider's runtime shuts down instead; re-registering is the in-process equivalent
   *     of a restart.)
   * @throws TransportException storage is unreachable or the request timed out. Keep the current
   *     session and heartbeat again at the next tick; if storage stays unreachable long enough, it
   *     declares the manager dead and the next heartbeat that gets through says so.
   * @throws IllegalIdException storage does not know {@code emId} (never registered, or storage
   *     lost it). Retrying the same id is pointless: as for {@link MarkedDeadException}, drop the
   *     work done under it and {@link #register} again.
   * @throws InterruptedException the calling thread was interrupted: stop heartbeating.
   */
  SessionId heartbeat(ExecutionManagerId emId)
      throws MarkedDeadException, TransportException, IllegalIdException, InterruptedException;
}
