package dev.spider.tdl;

import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Generic types for tests, taken from field declarations. */
@SuppressWarnings("unused")
final class TypeRef {

  static final Type LIST_OF_STRING = typeOf("listOfString");
  static final Type LIST_OF_INTEGER = typeOf("listOfInteger");
  static final Type OPTIONAL_BIGINTEGER = typeOf("optionalBigInteger");
  static final Type MAP_STRING_LONG = typeOf("mapStringLong");

  private List<String> listOfString;
  private List<Integer> listOfInteger;
  private Optional<BigInteger> optionalBigInteger;
  private Map<String, Long> mapStringLong;

  private TypeRef() {}

  private static Type typeOf(String field) {
    try {
      return TypeRef.class.getDeclaredField(field).getGenericType();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }
}
