package dev.spider.tdl;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for tests: {@code new GenericType<List<Long>>() {}.type()} is the type
 * {@code java.util.List<java.lang.Long>}.
 *
 * @param <T> the captured type
 */
public abstract class GenericType<T> {

  private final Type type;

  protected GenericType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType p)) {
      throw new IllegalStateException("GenericType must be subclassed with a type argument");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  public final Type type() {
    return type;
  }
}
