package dev.spider.executor.runtime;

/**
 * What reading stdin led to, as {@link RequestReader#next} reports it to the thread leading the
 * reading: a request to run, or an event that decides the executor's fate. Interrupts never show
 * here: the reader applies them itself.
 */
sealed interface Intake {

  /** An Execute, Describe or invalid request: one Result is owed, in arrival order. */
  record Run(Received received) implements Intake {}

  /** A Shutdown: the running task, if any, has been interrupted; no request follows. */
  record Shutdown(Received received) implements Intake {}

  /** EOF on stdin: the manager is gone. */
  record End() implements Intake {}

  /** The stream cannot be read or decoded any further; the executor exits 2 with this reason. */
  record Unreadable(String reason) implements Intake {}
}
