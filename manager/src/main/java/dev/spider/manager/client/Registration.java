package dev.spider.manager.client;

import java.util.Objects;

/**
 * What {@link LivenessClient#register} returns: the id storage assigned to this execution manager
 * and the storage session current at registration.
 *
 * @param emId this execution manager's id, for every later call to the three services
 * @param sessionId the storage session at registration time
 */
public record Registration(ExecutionManagerId emId, SessionId sessionId) {

  public Registration {
    Objects.requireNonNull(emId, "emId");
    Objects.requireNonNull(sessionId, "sessionId");
  }
}
