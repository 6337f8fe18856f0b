package dev.spider.executor.runtime;

import dev.spider.protocol.process.ExitStatus;

/**
 * The one way the executor exits: {@link Runtime#halt}, so neither shutdown hooks nor stray
 * non-daemon threads a task left behind can delay or block the exit. The statuses and their
 * meanings are the contract's {@link ExitStatus}.
 */
final class Exits {

  private Exits() {}

  static void halt(ExitStatus status) {
    System.err.flush();
    Runtime.getRuntime().halt(status.code());
  }
}
