package dev.spider.manager.client;

/**
 * Whether a failed attempt could succeed if tried again. The execution manager classifies every
 * failure before it reports it (see {@code dev.spider.manager.runtime.FailureClassifier} for the
 * table); a scheduler that retries uses this to avoid retrying a task that can never succeed.
 */
public enum FailureClass {
  /**
   * The environment failed the task: a timeout, an executor crash (heap exhaustion included), an
   * interrupt at the soft timeout, a failing init hook, a lost executor. Another attempt may
   * succeed.
   */
  ENVIRONMENTAL,
  /**
   * The task failed on its own terms or can never run as asked: its TdlError, an uncaught
   * exception, an unknown package or task, a broken library, outputs too large. Retrying repeats
   * the failure.
   */
  DETERMINISTIC
}
