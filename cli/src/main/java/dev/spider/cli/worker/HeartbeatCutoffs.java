package dev.spider.cli.worker;

import java.time.Duration;
import java.util.Optional;

/**
 * The cut-offs after which Spider's services declare a silent execution manager dead, and the
 * warning a heartbeat interval close to one of them deserves. Any positive interval is accepted, as
 * upstream accepts it; but with fewer than {@value #BEATS_PER_CUTOFF} beats inside a cut-off, a
 * single late or lost heartbeat gets the worker declared dead and its tasks run again elsewhere.
 * The cluster's own values are not visible from here, so the defaults of upstream's storage and
 * scheduler are assumed (docs/cluster.md).
 *
 * <p>Constants and pure functions only.
 */
enum HeartbeatCutoffs {
  /** Storage: {@code task_instance_pool.execution_manager_stale_cutoff_sec}, default 60. */
  STORAGE(
      "liveness.storage_heartbeat_interval_sec",
      "storage",
      "task_instance_pool.execution_manager_stale_cutoff_sec",
      Duration.ofSeconds(60)),
  /** Scheduler: {@code em_registry.dead_em_cutoff_sec}, default 30. */
  SCHEDULER(
      "liveness.scheduler_heartbeat_interval_sec",
      "the scheduler",
      "em_registry.dead_em_cutoff_sec",
      Duration.ofSeconds(30));

  /** How many heartbeats must fit in a cut-off for a late one not to matter. */
  static final int BEATS_PER_CUTOFF = 3;

  private final String key;
  private final String service;
  private final String cutoffSetting;
  private final Duration cutoff;

  HeartbeatCutoffs(String key, String service, String cutoffSetting, Duration cutoff) {
    this.key = key;
    this.service = service;
    this.cutoffSetting = cutoffSetting;
    this.cutoff = cutoff;
  }

  /** The dotted {@code worker.yaml} key of this heartbeat's interval. */
  String key() {
    return key;
  }

  /** A warning when {@code interval} is too close to the cut-off, else empty. */
  Optional<String> check(Duration interval) {
    if (interval.multipliedBy(BEATS_PER_CUTOFF).compareTo(cutoff) <= 0) {
      return Optional.empty();
    }
    String how =
        interval.compareTo(cutoff) >= 0
            ? "is not below "
            : "leaves fewer than " + BEATS_PER_CUTOFF + " heartbeats inside ";
    return Optional.of(
        interval.toSeconds()
            + " s "
            + how
            + service
            + "'s default cut-off of "
            + cutoff.toSeconds()
            + " s ("
            + cutoffSetting
            + "): one late or lost heartbeat gets this worker declared dead and its tasks run"
            + " again; use a few seconds (compose uses 1)");
  }
}
