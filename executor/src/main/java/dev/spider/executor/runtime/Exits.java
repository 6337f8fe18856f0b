package dev.spider.executor.runtime;

/**
 * The executor's exit statuses, and the one way it exits: {@link Runtime#halt}, so neither shutdown
 * hooks nor stray non-daemon threads a task left behind can delay or block the exit.
 */
final class Exits {

  /** Shutdown, or stdin EOF. */
  static final int ORDERLY = 0;
  /** The request stream is unreadable. */
  static final int UNREADABLE_STREAM = 2;
  /** Start-up configuration is missing or malformed. */
  static final int BAD_CONFIGURATION = 64;
  /** A JVM error after which the process cannot be trusted (heap exhaustion exits 3 via the JVM). */
  static final int FATAL_JVM_ERROR = 70;
  /** Heap exhaustion caught before the JVM's own handler (same status as ExitOnOutOfMemoryError). */
  static final int OUT_OF_MEMORY = 3;

  private Exits() {}

  static void halt(int status) {
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
