package dev.spider.manager.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The storage session the request carried is no longer storage's current session: storage restarted
 * or failed over since the task was assigned, and everything tagged with the old session is void.
 * Spider's {@code StorageResponseError::StaleSession}.
 *
 * <p>{@link #storageSession()} is what storage answered, when it said (Spider's storage says it
 * only in the text of its reply, which a client parses); the authoritative way to learn the current
 * session remains {@link LivenessClient#heartbeat}, which the caller should use to refresh.
 *
 * <p>Immutable.
 */
public final class StaleSessionException extends ClientException {

  private static final long serialVersionUID = 1L;

  private final SessionId requestSession;
  private final Optional<SessionId> storageSession;

  /**
   * @param message the operation and the IDs it was called with
   * @param requestSession the session the request carried
   * @param storageSession the session storage is at
   */
  public StaleSessionException(String message, SessionId requestSession, SessionId storageSession) {
    this(
        message,
        requestSession,
        Optional.of(Objects.requireNonNull(storageSession, "storageSession")));
  }

  /**
   * @param message the operation and the IDs it was called with
   * @param requestSession the session the request carried
   * @param storageSession the session storage is at, empty when storage did not say
   */
  public StaleSessionException(
      String message, SessionId requestSession, Optional<SessionId> storageSession) {
    super(
        message
            + ": session "
            + Objects.requireNonNull(requestSession, "requestSession")
            + " is stale, "
            + Objects.requireNonNull(storageSession, "storageSession")
                .map(s -> "storage is at session " + s)
                .orElse("storage did not say which session is current"),
        null);
    this.requestSession = requestSession;
    this.storageSession = storageSession;
  }

  /** The session the request carried. */
  public SessionId requestSession() {
    return requestSession;
  }

  /** The session storage is at, if storage said. */
  public Optional<SessionId> storageSession() {
    return storageSession;
  }
}
