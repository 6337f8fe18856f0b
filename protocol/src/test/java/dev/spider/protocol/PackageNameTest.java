package dev.spider.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PackageNameTest {

  static Stream<String> attacks() {
    return Stream.of(
        "..",
        "../x",
        "x/..",
        "a/b",
        "/etc",
        "a\\b",
        ".",
        "",
        "a".repeat(129),
        "a\0b",
        "pkg\n",
        "pkg\r",
        "\npkg",
        " pkg",
        "pkg ",
        "p\tkg",
        "pâckage",
        "пакет",
        "pkg\u200b",
        "ｐｋｇ",
        "a.b",
        "a.jar",
        "~",
        "$HOME",
        "a*",
        "p:k");
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void refused(String name) {
    ExecutorFailure failure = assertThrows(ExecutorFailure.class, () -> PackageName.parse(name));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure.error().kind());
    assertThrows(IllegalArgumentException.class, () -> new PackageName(name));
  }

  @Test
  void nullIsRefused() {
    ExecutorFailure failure = assertThrows(ExecutorFailure.class, () -> PackageName.parse(null));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure.error().kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a-b_C9", "a", "Z", "0", "_", "-", "integration_test_tasks", "lib"})
  void accepted(String name) throws ExecutorFailure {
    assertEquals(name, PackageName.parse(name).value());
    assertEquals(name, PackageName.parse(name).toString());
  }

  @Test
  void oneHundredTwentyEightCharactersAreAccepted() throws ExecutorFailure {
    String name = "aB3_-".repeat(25) + "xyz";
    assertEquals(128, name.length());
    assertEquals(name, PackageName.parse(name).value());
  }

  @Test
  void theMessageQuotesTheNameWithControlCharactersEscaped() {
    String message = messageFor("a\0b\nc");
    assertTrue(message.contains("\"a\\u0000b\\u000ac\" (5 chars)"), message);
    assertFalse(message.contains("\n"), message);
    assertFalse(message.contains("\0"), message);
    assertTrue(message.contains("[A-Za-z0-9_-]"), message);
  }

  @Test
  void theMessageEscapesNonAsciiQuotesAndBackslashes() {
    assertTrue(messageFor("pâckage").contains("\"p\\u00e2ckage\""), messageFor("pâckage"));
    assertTrue(messageFor("a\"b").contains("\"a\\u0022b\""), messageFor("a\"b"));
    assertTrue(messageFor("a\\b").contains("\"a\\u005cb\""), messageFor("a\\b"));
    assertTrue(messageFor("../x").contains("\"../x\""), messageFor("../x"));
  }

  @Test
  void theMessageCapsAVeryLongName() {
    String message = messageFor("x".repeat(10_000));
    assertTrue(message.contains("...\" (10000 chars)"), message);
    assertTrue(message.length() < 400, message);
  }

  private static String messageFor(String name) {
    return assertThrows(ExecutorFailure.class, () -> PackageName.parse(name)).error().message();
  }
}
