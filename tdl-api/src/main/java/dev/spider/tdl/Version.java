package dev.spider.tdl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern SEMVER = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})");

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
    Matcher m = SEMVER.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a version of the form major.minor.patch: '" + text + "'");
    }
    return new Version(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
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
