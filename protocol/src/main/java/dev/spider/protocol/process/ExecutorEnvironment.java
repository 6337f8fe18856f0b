package dev.spider.protocol.process;

/**
 * The names of the environment variables an executor reads, in one place (docs/frame-protocol.md,
 * "Running an executor"). The manager sets the first three for every executor it spawns; the last
 * two are read only by the launcher script.
 */
public final class ExecutorEnvironment {

  /** The package directory; required. */
  public static final String PACKAGE_DIR = "SPIDER_TDL_PACKAGE_DIR";

  /** The maximum frame size in bytes; see {@link dev.spider.protocol.frame.FrameLimits}. */
  public static final String MAX_FRAME_BYTES = "SPIDER_MAX_FRAME_BYTES";

  /** The executor's log level: trace, debug, info (default), warn, error or off. */
  public static final String LOG_LEVEL = "SPIDER_EXECUTOR_LOG_LEVEL";

  /** Where the launcher script has the JVM write hs_err crash logs. */
  public static final String CRASH_DIR = "SPIDER_EXECUTOR_CRASH_DIR";

  /** The launcher script's maximum heap, an {@code -Xmx} value. */
  public static final String HEAP = "SPIDER_EXECUTOR_HEAP";

  private ExecutorEnvironment() {}
}
