package dev.spider.cli;

/**
 * The pointer to {@code -v} that ends a failure message, so that a user who sees a failure knows
 * how to see the manager's and the executors' logs (docs/cli.md). Empty when {@code -v} is already
 * on: the logs are on stderr then.
 *
 * <p>Stateless.
 */
final class VerboseHint {

  private VerboseHint() {}

  /** {@code "; rerun with -v ..."}, or empty when {@code verbose}. */
  static String unless(boolean verbose) {
    return verbose ? "" : "; rerun with -v to see the manager's and executors' logs on stderr";
  }
}
