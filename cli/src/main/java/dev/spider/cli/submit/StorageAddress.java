package dev.spider.cli.submit;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where storage's gRPC services listen, as {@code --storage} gives it: {@code HOST:PORT}, an IPv6
 * literal in brackets ({@code [::1]:50051}). Plaintext HTTP/2, as upstream serves.
 *
 * <p>Immutable.
 *
 * @param host a host name or IP literal (without brackets)
 * @param port 1 to 65535
 */
public record StorageAddress(String host, int port) {

  private static final Pattern FORM =
      Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]+)):([0-9]{1,5})");

  /**
   * @throws IllegalArgumentException when the host is empty or the port out of range
   */
  public StorageAddress {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the storage address needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Parses {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException echoing the text and showing the expected form
   */
  public static StorageAddress parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "storage address \""
              + text
              + "\" is not HOST:PORT; write e.g. 127.0.0.1:50051, storage.example:50051 or"
              + " [::1]:50051");
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "storage address \"" + text + "\": port " + port + " is not between 1 and 65535");
    }
    return new StorageAddress(m.group(1) != null ? m.group(1) : m.group(2), port);
  }

  /** {@code HOST:PORT}, brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
