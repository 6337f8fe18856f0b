package dev.spider.manager.client;

import java.util.Objects;

/**
 * Storage rejected this execution manager's id: it never registered it, or lost track of it.
 * Retrying with the same id fails the same way. Spider's {@code LivenessResponseError::IllegalId}.
 */
public final class IllegalIdException extends ClientException {

  private static final long serialVersionUID = 1L;

  private final ExecutionManagerId emId;

  /**
   * @param emId the id storage rejected
   * @param reason storage's reason, e.g. "unknown execution manager"
   */
  public IllegalIdException(ExecutionManagerId emId, String reason) {
    super(
        "execution manager id "
            + Objects.requireNonNull(emId, "emId")
            + " rejected by storage: "
            + Objects.requireNonNull(reason, "reason"),
        null);
    this.emId = emId;
  }

  /** The id storage rejected. */
  public ExecutionManagerId emId() {
    return emId;
  }
}
