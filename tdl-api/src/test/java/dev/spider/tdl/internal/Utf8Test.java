package dev.spider.tdl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Utf8}: strict decoding, never a U+FFFD in place of bad bytes. */
final class Utf8Test {

  @ParameterizedTest
  @ValueSource(strings = {"", "pkg_1", "tâche ✓", "😀"})
  void decodesUtf8(String text) throws Exception {
    assertEquals(text, Utf8.decode(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fffe", "61c328", "c0af", "eda080", "f4908080"})
  void refusesWhatIsNotUtf8(String hex) {
    // Invalid bytes, an overlong '/', a lone surrogate, a code point above U+10FFFF.
    assertThrows(CharacterCodingException.class, () -> Utf8.decode(HexFormat.of().parseHex(hex)));
  }
}
