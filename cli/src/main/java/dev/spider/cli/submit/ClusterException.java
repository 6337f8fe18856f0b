package dev.spider.cli.submit;

import java.util.Objects;

/**
 * A call to storage's job services failed, or answered something unusable. The message is one line
 * naming the call, the address, the gRPC status and what to do about it.
 *
 * <p>Immutable.
 */
public final class ClusterException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong, by gRPC status as upstream's client maps them (docs/job-files.md). */
  public enum Reason {
    /** {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED}: storage could not be reached in time. */
    UNREACHABLE,
    /** {@code UNAUTHENTICATED}: unknown resource group, or wrong password. */
    UNAUTHENTICATED,
    /** {@code NOT_FOUND}: no such job. */
    NOT_FOUND,
    /** {@code FAILED_PRECONDITION}: the job is not in a state that allows the call. */
    INVALID_STATE,
    /** {@code INVALID_ARGUMENT}: storage refused the request, e.g. the graph or the inputs. */
    REFUSED,
    /** {@code ALREADY_EXISTS}: a resource group of that external id exists. */
    ALREADY_EXISTS,
    /** Any other status: storage's own failure. */
    SERVER,
    /** A reply this client cannot use: an unknown job state, outputs not matching the graph. */
    PROTOCOL
  }

  private final Reason reason;

  public ClusterException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public ClusterException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
