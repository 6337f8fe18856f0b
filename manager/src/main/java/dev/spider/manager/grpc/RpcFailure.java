package dev.spider.manager.grpc;

import dev.spider.manager.client.TransportException.Arrival;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Objects;

/**
 * A unary call ended with a status other than {@code OK}: the status and whether the request may
 * have reached the server. Internal to the package; each adapter turns it into the typed {@code
 * ClientException} its interface declares, by its service's status table (docs/cluster.md).
 *
 * <p>Immutable.
 */
final class RpcFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final Arrival arrival;

  RpcFailure(StatusRuntimeException cause, Arrival arrival) {
    super(describe(cause.getStatus()), cause);
    this.status = cause.getStatus();
    this.arrival = Objects.requireNonNull(arrival, "arrival");
  }

  /** The status code the call ended with. */
  Status.Code code() {
    return status.getCode();
  }

  /** The server's (or the client library's) description, without the code; may be empty. */
  String description() {
    return status.getDescription() == null ? "" : status.getDescription();
  }

  /** Whether the request may have reached the server. */
  Arrival arrival() {
    return arrival;
  }

  /** {@code CODE: description (cause)}, for messages. */
  String describe() {
    return getMessage();
  }

  private static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null && !status.getDescription().isEmpty()) {
      text.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null) {
      text.append(" (").append(status.getCause()).append(')');
    }
    return text.toString();
  }
}
