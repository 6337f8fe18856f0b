package dev.spider.cli.worker;

import dev.spider.manager.runtime.Termination;

/**
 * The exit statuses of {@code spider worker}, as a supervisor reads them: 0 after a graceful stop
 * (as upstream's execution manager), non-zero on a fatal error so that it is restarted (compose
 * uses {@code restart: on-failure}), 2 for a configuration that cannot work, which a restart would
 * not fix.
 *
 * <p>Constants only.
 */
enum WorkerExit {
  /** Stopped gracefully, on SIGINT or SIGTERM. */
  STOPPED(0),
  /** A fatal error: the cluster unreachable, no executor starting, the runtime failing. */
  FAILED(1),
  /** The configuration is unreadable or wrong; the message names the file and key. */
  CONFIG(2);

  private final int status;

  WorkerExit(int status) {
    this.status = status;
  }

  int status() {
    return status;
  }

  /** The status for how the runtime ended. */
  static WorkerExit of(Termination termination) {
    return termination instanceof Termination.Failed ? FAILED : STOPPED;
  }
}
