package dev.spider.tdl;

/**
 * A TDL version. Two versions are compatible under Spider's rule: same major, and, while the major
 * is 0, the same minor as well (patch never matters).
 *
 * @param major non-negative major version
 * @param minor non-negative minor version
 * @param patch non-negative patch version
 */
public record Version(int major, int minor, int patch) {

  /** The TDL version this build of the API and the executor speak. */
  public static final Version CURRENT = new Version(0, 1, 0);

  /** Digits per component: nine always fit an {@code int}. */
  private static final int MAX_DIGITS = 9;

  public Version {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "version components must be non-negative, got " + major + "." + minor + "." + patch);
    }
  }

  /**
   * Parses {@code major.minor.patch}.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static Version parse(String text) {
    // By hand, not by a regular expression: this class is initialised on the executor's path to
    // its Hello, where compiling a pattern would cost milliseconds of every executor start.
    String s = text.strip();
    int[] parts = new int[3];
    int at = 0;
    for (int i = 0; i < parts.length; i++) {
      int start = at;
      while (at < s.length() && at - start < MAX_DIGITS && isAsciiDigit(s.charAt(at))) {
        parts[i] = parts[i] * 10 + (s.charAt(at) - '0');
        at++;
      }
      boolean last = i == parts.length - 1;
      boolean delimited = last ? at == s.length() : at < s.length() && s.charAt(at) == '.';
      if (at == start || !delimited) {
        throw new IllegalArgumentException(
            "not a version of the form major.minor.patch: '" + text + "'");
      }
      at++;
    }
    return new Version(parts[0], parts[1], parts[2]);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether a package built against {@code other} can be run by code speaking this version. */
  public boolean isCompatibleWith(Version other) {
    if (major != other.major) {
      return false;
    }
    return major != 0 || minor == other.minor;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
