package dev.spider.cli.embedded;

/**
 * Where an execution manager stands with the embedded cluster.
 *
 * <pre>
 * UNKNOWN -&gt; ALIVE     registered (ids are handed out 1, 2, ... and never reused)
 * ALIVE -&gt; DEAD        silent longer than the liveness cut-off ({@link
 *                       EmbeddedCluster#reapSilentManagers}); never undone
 * </pre>
 *
 * <p>Immutable.
 */
public enum ManagerStatus {
  /** The cluster never issued this id. */
  UNKNOWN,
  /** Registered and heard from within the cut-off, or the cluster never reaps. */
  ALIVE,
  /**
   * Declared dead: its task instances were reaped and its assignments went back to the queue. Its
   * liveness heartbeats are refused; it gets no more tasks. It must register again for a new id.
   */
  DEAD
}
