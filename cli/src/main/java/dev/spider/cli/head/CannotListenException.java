package dev.spider.cli.head;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The head could not listen where it was told to: the port is taken, the address is not one of this
 * machine's, or binding it is not allowed. Nothing is left running.
 *
 * <p>Immutable.
 */
public final class CannotListenException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String service;
  private final InetSocketAddress address;

  /**
   * @param service {@code storage} or {@code scheduler}
   * @param address where it tried to listen
   * @param cause why it could not
   */
  CannotListenException(String service, InetSocketAddress address, Throwable cause) {
    super(
        "cannot listen for "
            + Objects.requireNonNull(service, "service")
            + " on "
            + Head.format(Objects.requireNonNull(address, "address"))
            + ": "
            + rootMessage(cause)
            + "; pick another address or port (--bind, --"
            + service
            + "-port), or stop what holds it",
        cause);
    this.service = service;
    this.address = address;
  }

  /** {@code storage} or {@code scheduler}. */
  public String service() {
    return service;
  }

  /** Where it tried to listen. */
  public InetSocketAddress address() {
    return address;
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
