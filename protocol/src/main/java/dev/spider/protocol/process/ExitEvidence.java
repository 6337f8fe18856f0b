package dev.spider.protocol.process;

/**
 * The stderr lines by which an executor's exit tells its cause apart when the status alone cannot:
 * a task's {@code System.exit(3)} and heap exhaustion both end with status 3
 * (docs/frame-protocol.md, "Exit statuses"). The executor writes these lines; the manager's crash
 * report looks for them in the executor's last stderr lines.
 *
 * <p>Constants only; thread-safe.
 */
public final class ExitEvidence {

  private ExitEvidence() {}

  /**
   * Part of the line the JVM writes when {@code -XX:+ExitOnOutOfMemoryError} ends it ("Terminating
   * due to java.lang.OutOfMemoryError: Java heap space"), and of the line the executor logs when it
   * halts on an {@code OutOfMemoryError} it caught first.
   */
  public static final String OUT_OF_MEMORY = "java.lang.OutOfMemoryError";

  /**
   * Part of the line the executor's shutdown hook logs when the JVM starts exiting without the
   * executor having decided to: a task called {@code System.exit}, or the process got SIGTERM,
   * SIGINT or SIGHUP. The executor's own exits halt without running shutdown hooks.
   */
  public static final String EXIT_OUTSIDE_EXECUTOR =
      "the JVM is exiting outside the executor's control";

  /**
   * Part of the header HotSpot writes to stderr (the canonical command line sends the JVM's own
   * output there) when the JVM itself crashes, before it writes its {@code hs_err} crash log: its
   * presence tells a JVM crash from a process killed by the same signal from outside, and a crash
   * log that is missing or empty although this line is there could not be written.
   */
  public static final String JVM_FATAL_ERROR =
      "A fatal error has been detected by the Java Runtime Environment";

  /**
   * Part of the header line after which HotSpot names the file its crash log went to; the next line
   * is {@code "# <path>"}. The JVM falls back to the working directory or the temporary directory
   * when it cannot write to the configured crash directory.
   */
  public static final String CRASH_LOG_SAVED_AS = "An error report file with more information";
}
