package dev.spider.manager.pool;

/** What the executor's exit statuses mean (see the frame protocol documentation). */
final class ExitStatuses {

  private ExitStatuses() {}

  static String meaning(int status) {
    switch (status) {
      case 0: return " (orderly exit, e.g. a task called System.exit(0))";
      case 2: return " (the executor could not read the request stream)";
      case 3: return " (heap exhausted: raise the executor heap)";
      case 64: return " (bad start-up configuration)";
      case 70: return " (fatal JVM error)";
      default: return "";
    }
  }
}
