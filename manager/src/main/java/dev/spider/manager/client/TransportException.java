package dev.spider.manager.client;

import java.util.Objects;

/**
 * No usable reply from the service: the connection failed or was lost, or the request timed out.
 * Usually transient: back off and retry (each client method says how).
 *
 * <p>{@link #arrival()} says whether the call may have taken effect. It matters for the one call
 * that must not be repeated blindly, {@link StorageClient#registerTaskInstance}: a registration
 * that reached storage holds the task's only instance slot, so a retry would be refused as stale
 * and the task would wedge (docs/cluster.md). Only {@link Arrival#NOT_SENT} — the request provably
 * never left this process, e.g. the connection could not be opened — makes a retry safe. The
 * constructors without an {@link Arrival} assume {@link Arrival#MAY_HAVE_ARRIVED}, the safe
 * assumption when nothing better is known.
 *
 * <p>Immutable.
 */
public final class TransportException extends ClientException {

  private static final long serialVersionUID = 1L;

  /** Whether a failed request may have reached the service. */
  public enum Arrival {
    /**
     * The request provably never reached the service (no connection carried it), so the call had no
     * effect and may be repeated.
     */
    NOT_SENT,
    /**
     * The request may have reached the service and taken effect; only its reply is missing (the
     * deadline passed, or the connection broke mid-call).
     */
    MAY_HAVE_ARRIVED
  }

  private final Arrival arrival;

  /**
   * A failure that may have reached the service ({@link Arrival#MAY_HAVE_ARRIVED}).
   *
   * @param message the operation, the IDs it was called with, and what went wrong
   */
  public TransportException(String message) {
    this(message, Arrival.MAY_HAVE_ARRIVED, null);
  }

  /**
   * A failure that may have reached the service ({@link Arrival#MAY_HAVE_ARRIVED}).
   *
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param cause the underlying failure, e.g. the I/O exception
   */
  public TransportException(String message, Throwable cause) {
    this(message, Arrival.MAY_HAVE_ARRIVED, cause);
  }

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param arrival whether the request may have reached the service
   */
  public TransportException(String message, Arrival arrival) {
    this(message, arrival, null);
  }

  /**
   * @param message the operation, the IDs it was called with, and what went wrong
   * @param arrival whether the request may have reached the service
   * @param cause the underlying failure, e.g. the I/O exception; may be null
   */
  public TransportException(String message, Arrival arrival, Throwable cause) {
    super(message, cause);
    this.arrival = Objects.requireNonNull(arrival, "arrival");
  }

  /** Whether the request may have reached the service. */
  public Arrival arrival() {
    return arrival;
  }
}
