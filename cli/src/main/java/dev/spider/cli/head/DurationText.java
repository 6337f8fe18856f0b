package dev.spider.cli.head;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --liveness-cutoff}: {@code 300ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601
 * ({@code PT1M30S}), positive; the same forms as the CLI's other durations (docs/cli.md).
 *
 * <p>Stateless.
 */
final class DurationText implements ITypeConverter<Duration> {

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
            "'" + text + "' is not a duration: use e.g. 300ms, 5s, 2m, 1h");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new TypeConversionException("'" + text + "' is not a positive duration");
    }
    return d;
  }
}
