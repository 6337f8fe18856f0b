package dev.spider.manager.pool;

/** Names of the signals that end processes, for messages. Stateless and thread-safe. */
final class Signals {

  private Signals() {}

  /** {@code " (SIGKILL)"} and the like, or empty for an unusual signal. */
  static String name(int signal) {
    switch (signal) {
      case 1:
        return " (SIGHUP)";
      case 2:
        return " (SIGINT)";
      case 4:
        return " (SIGILL)";
      case 6:
        return " (SIGABRT)";
      case 7:
        return " (SIGBUS)";
      case 8:
        return " (SIGFPE)";
      case 9:
        return " (SIGKILL; often the kernel's out-of-memory killer)";
      case 11:
        return " (SIGSEGV)";
      case 13:
        return " (SIGPIPE)";
      case 15:
        return " (SIGTERM)";
      default:
        return "";
    }
  }
}
