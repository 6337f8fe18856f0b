package dev.spider.tdl.codec;

/**
 * A value could not be encoded or decoded: the bytes are not the expected MessagePack shape, a
 * number is out of the target type's range, a buffer has trailing bytes, and so on. The message
 * names what was expected and what was found.
 */
public class CodecException extends Exception {

  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
