package dev.spider.manager.pool;

/**
 * Why an executor became {@link ExecutorState#DEAD}, ranked: constants are declared from the
 * weakest explanation to the strongest, and a stronger reason replaces a weaker one already
 * recorded, never the other way round.
 *
 * <p>The ranking follows the outcome the caller is given. Once the manager kills an executor for
 * its hard timeout, everything that follows (stdout EOF, a failed write, exit by SIGKILL) is a
 * consequence of that kill and must not turn the record into a crash or a lost executor; the caller
 * was told {@link Outcome.Timeout}. Likewise a crash observed after the pool closed is the {@link
 * Outcome.ExecutorCrash} its caller receives. Immutable.
 */
enum KillReason {
  /** Retired between tasks or the pool closed: sent Shutdown, killed after the grace period. */
  SHUT_DOWN,
  /** Found dead, or its stdin broken, before a request reached it: the request goes elsewhere. */
  LOST,
  /** No valid Hello within the start-up deadline, or it died before one. */
  STARTUP_FAILED,
  /** Exited, ended its stdout or broke the protocol while a request was outstanding. */
  CRASHED,
  /** Its caller was interrupted or failed while a request was outstanding. */
  ABANDONED,
  /** A request passed its hard deadline and the manager killed the process group. */
  TIMED_OUT;

  /** Whether this reason explains a death better than {@code other} and so replaces it. */
  boolean outranks(KillReason other) {
    return compareTo(other) > 0;
  }
}
