package dev.spider.manager.client;

import java.util.Objects;

/**
 * Storage has declared this execution manager dead (it missed its heartbeats for too long) and
 * reaped it: its id, and every task instance registered under it, are void. Spider's {@code
 * LivenessResponseError::MarkedDead}.
 */
public final class MarkedDeadException extends ClientException {

  private static final long serialVersionUID = 1L;

  private final ExecutionManagerId emId;

  /**
   * @param emId the execution manager storage declared dead
   */
  public MarkedDeadException(ExecutionManagerId emId) {
    super(
        "execution manager " + Objects.requireNonNull(emId, "emId") + " is marked dead by storage",
        null);
    this.emId = emId;
  }

  /** The execution manager storage declared dead. */
  public ExecutionManagerId emId() {
    return emId;
  }
}
