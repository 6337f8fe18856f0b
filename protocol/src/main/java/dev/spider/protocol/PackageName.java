package dev.spider.protocol;

import java.util.regex.Pattern;

/**
 * A package name that passed the naming rule {@code [A-Za-z0-9_-]{1,128}}: no dots, separators, NUL
 * or line breaks, so it can name a directory under the package directory and nothing else. Checked
 * before any file-system access.
 */
public record PackageName(String value) {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** The rule, as error messages state it. */
  public static final String RULE = "a name is 1 to 128 characters from [A-Za-z0-9_-]";

  public PackageName {
    if (!isValid(value)) {
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
    if (!isValid(value)) {
      throw new ExecutorFailure(
          ErrorKind.INVALID_PACKAGE_NAME, "invalid package name " + printable(value) + ": " + RULE);
    }
    return new PackageName(value);
  }

  /** Whether {@code value} keeps the naming rule. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  /** The name quoted, with non-printable and non-ASCII characters escaped and length capped. */
  public static String printable(String value) {
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
