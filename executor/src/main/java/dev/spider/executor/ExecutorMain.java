package dev.spider.executor;

import dev.spider.executor.runtime.Executor;

/**
 * Entry point of the executor subprocess. Run it with the canonical command line (see the launcher
 * script {@code spider-executor} next to the jar) and {@code SPIDER_TDL_PACKAGE_DIR} set.
 */
public final class ExecutorMain {

  private ExecutorMain() {}

  public static void main(String[] args) {
    Executor.run();
  }
}
