package dev.spider.cli;

/**
 * The CLI's exit statuses.
 *
 * <p>Constants only.
 */
final class ExitStatus {

  /** The command did what was asked. */
  static final int OK = 0;

  /** The task or job failed: an in-task failure, a timeout, a crash. */
  static final int FAILED = 1;

  /** Usage or input error: bad flag, missing package directory, bad JSON, bad job file. */
  static final int USAGE = 2;

  private ExitStatus() {}
}
