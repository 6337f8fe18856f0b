package dev.spider.manager.pool;

/**
 * Where one executor is in its life, as the pool sees it (docs/process-pool.md):
 *
 * <pre>
 *   STARTING ──valid Hello──▶ READY ──request written──▶ BUSY
 *      │                       │  ▲                       │  │
 *      │                       │  └─success or failure────┘  │
 *      │ no valid Hello,       │ lost, retired,              │ crash, timeout,
 *      │ pool closed           │ pool closed                 │ caller gave up, pool closed
 *      └───────────────────────┴────────────▶ DEAD ◀─────────┘
 * </pre>
 *
 * <p>{@code DEAD} is reached by a crash, a timeout kill, a startup failure, a caller that gave up
 * mid-request, or retirement (Shutdown, grace period, kill); the {@link KillReason} records which.
 * Nothing leaves {@code DEAD}: a dead executor is replaced, never revived. Immutable.
 */
enum ExecutorState {
  /** Spawned; its Hello has not been checked yet. */
  STARTING,
  /** Said a valid Hello and runs nothing: may be handed a request. */
  READY,
  /** A request was written to it and its outcome is awaited. */
  BUSY,
  /** Killed or exited; its process group is killed or being killed. */
  DEAD;

  /** Whether no state follows this one. */
  boolean isTerminal() {
    return this == DEAD;
  }

  /** Whether the flow above has an arrow from this state to {@code next}. */
  boolean canMoveTo(ExecutorState next) {
    return switch (this) {
      case STARTING -> next == READY || next == DEAD;
      case READY -> next == BUSY || next == DEAD;
      case BUSY -> next == READY || next == DEAD;
      case DEAD -> false;
    };
  }
}
