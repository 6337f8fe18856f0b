package dev.spider.tests.executor;

import java.lang.reflect.Type;
import java.util.List;

/** Generic types for the codecs, read off field declarations. */
final class ListType {

  static final Type STRINGS = field("strings");

  @SuppressWarnings("unused")
  private List<String> strings;

  private ListType() {}

  private static Type field(String name) {
    try {
      return ListType.class.getDeclaredField(name).getGenericType();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }
}
