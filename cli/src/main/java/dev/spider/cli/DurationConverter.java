package dev.spider.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT1M30S}).
 *
 * <p>Stateless.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

  @Override
  public Duration convert(String text) {
    Matcher m = SIMPLE.matcher(text.trim());
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        d = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + text + "' is not a duration: use e.g. 500ms, 30s, 5m, 2h");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new TypeConversionException("'" + text + "' is not a positive duration");
    }
    return d;
  }

  static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + " ms";
    }
    return d.toSeconds() + " s";
  }
}
