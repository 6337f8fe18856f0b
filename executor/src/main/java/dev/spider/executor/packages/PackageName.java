package dev.spider.executor.packages;

import dev.spider.executor.protocol.ErrorKind;
import dev.spider.executor.protocol.ExecutorFailure;
import java.util.regex.Pattern;

/**
 * A package name that passed the naming rule {@code [A-Za-z0-9_-]{1,128}}: no dots, separators, NUL
 * or line breaks, so it can name a directory under the package directory and nothing else. Checked
 * before any file-system access.
 */
public record PackageName(String value) {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public PackageName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid package name: " + printable(value));
    }
  }

  /**
   * Validates a name from a request.
   *
   * @throws ExecutorFailure {@code InvalidPackageName}, quoting the name with control characters
   *     escaped
   */
  public static PackageName parse(String value) throws ExecutorFailure {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_PACKAGE_NAME,
          "invalid package name " + printable(value)
              + ": a name is 1 to 128 characters from [A-Za-z0-9_-]");
    }
    return new PackageName(value);
  }

  /** The name quoted, with non-printable and non-ASCII characters escaped and length capped. */
  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    int limit = Math.min(value.length(), 160);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    if (value.length() > limit) {
      sb.append("...");
    }
    return sb.append("\" (").append(value.length()).append(" chars)").toString();
  }

  @Override
  public String toString() {
    return value;
  }
}
