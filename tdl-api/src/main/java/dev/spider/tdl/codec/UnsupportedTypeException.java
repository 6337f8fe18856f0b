package dev.spider.tdl.codec;

import java.lang.reflect.Type;

/**
 * A Java type has no TDL mapping. Thrown when a codec is requested (at package load time for task
 * signatures), never while values flow. The message names the type and what is supported.
 */
public final class UnsupportedTypeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  static final String SUPPORTED =
      "supported: byte, short, int, long, float, double, boolean and their boxes, String, byte[],"
          + " BigInteger, List<T>, Map<K, V>, Optional<T>, enums and records of these";

  UnsupportedTypeException(Type type, String why) {
    super("type " + type.getTypeName() + " has no TDL mapping: " + why + " (" + SUPPORTED + ")");
  }
}
