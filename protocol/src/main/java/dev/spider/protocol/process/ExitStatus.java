package dev.spider.protocol.process;

import java.util.Optional;

/**
 * The exit statuses an executor gives itself, with their meanings (docs/frame-protocol.md, "Exit
 * statuses"). Any other status is a task's own {@code System.exit} or a crash; any exit while a
 * request is outstanding is a crash of that request, whatever the status.
 */
public enum ExitStatus {
  /** Shutdown, or stdin EOF. */
  ORDERLY(0, "orderly exit, e.g. a task called System.exit(0)"),
  /** The request stream is unreadable. */
  UNREADABLE_STREAM(2, "the executor could not read the request stream"),
  /** Heap exhaustion, by {@code -XX:+ExitOnOutOfMemoryError} or caught before the JVM's handler. */
  OUT_OF_MEMORY(3, "heap exhausted: raise the executor heap"),
  /** Start-up configuration is missing or malformed. */
  BAD_CONFIGURATION(64, "bad start-up configuration"),
  /** A JVM error after which the process cannot be trusted (other than heap exhaustion). */
  FATAL_JVM_ERROR(70, "fatal JVM error"),
  /**
   * The JVM began exiting outside the executor's control (a task's {@code System.exit}, a signal)
   * and its shutdown hooks had not finished within the executor's bound, so it halted.
   */
  SHUTDOWN_HOOKS_HUNG(
      71,
      "a task called System.exit (or a signal arrived) and the shutdown hooks did not finish in"
          + " time");

  private final int code;
  private final String meaning;

  ExitStatus(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** What the status means, as a phrase for a crash report. */
  public String meaning() {
    return meaning;
  }

  /** The status the executor gives itself with this code, if it is one of them. */
  public static Optional<ExitStatus> of(int code) {
    for (ExitStatus status : values()) {
      if (status.code == code) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
