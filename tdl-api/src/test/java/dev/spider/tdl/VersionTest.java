package dev.spider.tdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @Test
  void parse() {
    assertEquals(new Version(0, 1, 0), Version.parse("0.1.0"));
    assertEquals(new Version(12, 345, 6789), Version.parse("12.345.6789"));
    assertEquals(new Version(1, 2, 3), Version.parse(" 1.2.3\n"));
    assertEquals("12.345.6789", Version.parse("12.345.6789").toString());
    assertEquals(new Version(999_999_999, 0, 7), Version.parse("999999999.0.7"));
    assertEquals(new Version(1, 2, 3), Version.parse("01.002.3"));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        "1",
        "1.2",
        "1.2.3.4",
        "a.b.c",
        "1.2.x",
        "-1.0.0",
        "1.2.3-SNAPSHOT",
        "v1.2.3",
        "1..3",
        "1234567890.0.0",
        "1.2.1234567890",
        "1.2.",
        ".1.2.3",
        "1.2.3.",
        "1.2.3a",
        "1 .2.3",
        "1.+2.3",
        "١.٢.٣"
      })
  void badTextIsRejectedWithTheTextInTheMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("major.minor.patch"), e.getMessage());
  }

  @Test
  void negativeComponentsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Version(1, -2, 3));
    assertTrue(e.getMessage().contains("1.-2.3"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource({
    "0.1.0, 0.1.7, true",
    "0.1.7, 0.1.0, true",
    "0.1.0, 0.2.0, false",
    "0.2.0, 0.1.0, false",
    "0.1.0, 1.1.0, false",
    "1.2.0, 1.5.3, true",
    "1.5.3, 1.2.0, true",
    "1.0.0, 2.0.0, false",
    "2.7.1, 1.7.1, false",
    "3.0.0, 3.0.0, true",
  })
  void compatibility(String a, String b, boolean compatible) {
    assertEquals(compatible, Version.parse(a).isCompatibleWith(Version.parse(b)));
  }

  @Test
  void currentIs010() {
    assertEquals(new Version(0, 1, 0), Version.CURRENT);
    assertEquals("0.1.0", Version.CURRENT.toString());
    assertTrue(Version.CURRENT.isCompatibleWith(Version.CURRENT));
    assertFalse(Version.CURRENT.isCompatibleWith(new Version(0, 2, 0)));
  }

  @Test
  void currentEqualsTheBuildProperty() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionTest.class.getResourceAsStream("build-tdl-version.properties")) {
      assertNotNull(in, "build-tdl-version.properties is missing from the test resources");
      properties.load(in);
    }
    String version = properties.getProperty("tdl.version");
    assertNotNull(version, "tdl.version");
    assertFalse(version.contains("${"), "the property was not filtered by Maven: " + version);
    assertEquals(Version.CURRENT, Version.parse(version));
  }
}
