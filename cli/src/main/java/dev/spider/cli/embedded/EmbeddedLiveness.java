package dev.spider.cli.embedded;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.IllegalIdException;
import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.MarkedDeadException;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.SessionId;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The embedded liveness endpoint: {@link #register} hands out a fresh id (1, 2, ...) with the
 * current session, whatever the address; {@link #heartbeat} returns the current session, {@link
 * IllegalIdException} for an id it never handed out, or {@link MarkedDeadException} once the
 * cluster declared the manager dead (only when asked to reap silent managers, {@link
 * EmbeddedCluster#reapSilentManagers}, which {@code spider run} never does). It never throws {@code
 * TransportException}. Thread-safe (see {@link JobStore}).
 */
public final class EmbeddedLiveness implements LivenessClient {

  private final JobStore store;

  EmbeddedLiveness(JobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Registration register(InetAddress ip) {
    Objects.requireNonNull(ip, "ip");
    return store.register();
  }

  @Override
  public SessionId heartbeat(ExecutionManagerId emId)
      throws IllegalIdException, MarkedDeadException {
    return store.livenessHeartbeat(Objects.requireNonNull(emId, "emId"));
  }
}
