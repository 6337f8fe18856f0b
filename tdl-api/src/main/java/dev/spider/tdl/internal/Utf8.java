package dev.spider.tdl.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding: bytes that are not UTF-8 are an error, never replaced by U+FFFD as {@code
 * new String(bytes, UTF_8)} would. Package names, task names and job files must be UTF-8 (see
 * docs/error-kinds.md, {@code InvalidUtf8}), and a silently repaired name would match nothing.
 *
 * <p>Not API (see {@link Msgpack}). Thread-safe: every call uses its own decoder, since a {@link
 * java.nio.charset.CharsetDecoder} is not.
 */
public final class Utf8 {

  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8.
   *
   * @throws CharacterCodingException when the bytes are malformed or unmappable UTF-8; the caller
   *     turns it into its own error, naming where the bytes came from
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
