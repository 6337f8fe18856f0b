package dev.spider.manager.client;

import java.util.Objects;

/**
 * The storage session the request carried is no longer storage's current session: storage restarted
 * or failed over since the task was assigned, and everything tagged with the old session is void.
 * Spider's {@code StorageResponseError::StaleSession}.
 *
 * <p>{@link #storageSession()} is what storage answered; the authoritative way to learn the current
 * session remains {@link LivenessClient#heartbeat}, which the caller should use to refresh.
 */
public final class StaleSessionException extends ClientException {

  private static final long serialVersionUID = 1L;

  private final SessionId requestSession;
  private final SessionId storageSession;

  /**
   * @param message the operation and the IDs it was called with
   * @param requestSession the session the request carried
   * @param storageSession the session storage is at
   */
  public StaleSessionException(String message, SessionId requestSession, SessionId storageSession) {
    super(
        message
            + ": session "
            + Objects.requireNonNull(requestSession, "requestSession")
            + " is stale, storage is at session "
            + Objects.requireNonNull(storageSession, "storageSession"),
        null);
    this.requestSession = requestSession;
    this.storageSession = storageSession;
  }

  /** The session the request carried. */
  public SessionId requestSession() {
    return requestSession;
  }

  /** The session storage is at. */
  public SessionId storageSession() {
    return storageSession;
  }
}
