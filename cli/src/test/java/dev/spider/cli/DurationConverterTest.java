package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The one duration syntax of every command's flags (exec, run, head). */
class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void shortFormsAndIsoAreAccepted() {
    assertEquals(Duration.ofMillis(300), converter.convert("300ms"));
    assertEquals(Duration.ofSeconds(5), converter.convert("5s"));
    assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
    assertEquals(Duration.ofHours(1), converter.convert("1h"));
    assertEquals(Duration.ofSeconds(90), converter.convert("PT1M30S"));
  }

  @Test
  void zeroNegativeAndGarbageAreRefusedWithTheValue() {
    assertTrue(
        assertThrows(TypeConversionException.class, () -> converter.convert("0s"))
            .getMessage()
            .contains("'0s' is not a positive duration"));
    assertThrows(TypeConversionException.class, () -> converter.convert("PT-1S"));
    assertTrue(
        assertThrows(TypeConversionException.class, () -> converter.convert("soon"))
            .getMessage()
            .contains("'soon' is not a duration"));
  }

  @Test
  void anOverlongNumberIsAUsageErrorNotACrash() {
    // Without the digit bound, Long.parseLong would throw NumberFormatException past picocli.
    assertThrows(
        TypeConversionException.class, () -> converter.convert("99999999999999999999999s"));
  }
}
