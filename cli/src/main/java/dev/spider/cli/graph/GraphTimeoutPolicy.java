package dev.spider.cli.graph;

import java.util.Optional;

/**
 * A task's {@code timeout_policy} in upstream's task graph, in milliseconds. The <em>hard</em>
 * timeout bounds one attempt: an execution manager kills the attempt when it runs out. The
 * <em>soft</em> timeout is storage's deadline for starting a speculative extra instance of a task
 * still running; upstream's execution manager ignores it (docs/job-files.md, "Running a job file on
 * a cluster").
 *
 * <p>Upstream's rules, checked on construction: soft &ge; {@value #MIN_SOFT_TIMEOUT_MS} ms, hard
 * &gt; soft, hard &le; {@value #MAX_HARD_TIMEOUT_MS} ms (24 h). Immutable.
 *
 * @param softTimeoutMs {@code soft_timeout_ms}
 * @param hardTimeoutMs {@code hard_timeout_ms}
 */
public record GraphTimeoutPolicy(long softTimeoutMs, long hardTimeoutMs) {

  /** The smallest soft timeout upstream accepts. */
  public static final long MIN_SOFT_TIMEOUT_MS = 100;

  /** The largest hard timeout upstream accepts: 24 hours. */
  public static final long MAX_HARD_TIMEOUT_MS = 24L * 60 * 60 * 1000;

  /** Upstream's default soft timeout: 150 s. */
  public static final long DEFAULT_SOFT_TIMEOUT_MS = 150_000;

  /** Upstream's default hard timeout: 300 s. */
  public static final long DEFAULT_HARD_TIMEOUT_MS = 300_000;

  /** Upstream's default: 150 s soft, 300 s hard. */
  public static final GraphTimeoutPolicy DEFAULT =
      new GraphTimeoutPolicy(DEFAULT_SOFT_TIMEOUT_MS, DEFAULT_HARD_TIMEOUT_MS);

  /**
   * @throws IllegalArgumentException with {@link #problem}'s message when a rule is broken
   */
  public GraphTimeoutPolicy {
    problem(softTimeoutMs, hardTimeoutMs)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p.message());
            });
  }

  /**
   * A broken timeout rule.
   *
   * @param field the offending field: {@code soft_timeout_ms} or {@code hard_timeout_ms}
   * @param message what is wrong and how to fix it
   */
  public record Problem(String field, String message) {}

  /** What is wrong with these timeouts, if anything; the first broken rule in the class order. */
  public static Optional<Problem> problem(long softTimeoutMs, long hardTimeoutMs) {
    if (softTimeoutMs < MIN_SOFT_TIMEOUT_MS) {
      return Optional.of(
          new Problem(
              "soft_timeout_ms",
              "soft_timeout_ms "
                  + softTimeoutMs
                  + " is below the minimum of "
                  + MIN_SOFT_TIMEOUT_MS
                  + " ms; raise it"));
    }
    if (hardTimeoutMs <= softTimeoutMs) {
      return Optional.of(
          new Problem(
              "hard_timeout_ms",
              "hard_timeout_ms "
                  + hardTimeoutMs
                  + " must be greater than soft_timeout_ms "
                  + softTimeoutMs
                  + "; raise hard_timeout_ms or lower soft_timeout_ms"));
    }
    if (hardTimeoutMs > MAX_HARD_TIMEOUT_MS) {
      return Optional.of(
          new Problem(
              "hard_timeout_ms",
              "hard_timeout_ms "
                  + hardTimeoutMs
                  + " exceeds the maximum of "
                  + MAX_HARD_TIMEOUT_MS
                  + " ms (24 h); lower it"));
    }
    return Optional.empty();
  }
}
