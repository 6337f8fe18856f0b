package dev.spider.tdl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a public method of a {@link TaskPackage} class as a task.
 *
 * <p>The method's first parameter is the {@link TaskContext}; each further parameter is one input,
 * decoded from one payload of the task's wire-format inputs. Types map to TDL types as follows:
 * {@code byte/short/int/long} (int8..int64), {@code float}, {@code double}, {@code boolean}, {@code
 * String}, {@code byte[]} (Bytes), {@code java.util.List<T>}, {@code java.util.Map<K, V>}, {@code
 * java.util.Optional<T>} or a boxed type ({@code Option<T>}, null for None), {@code
 * java.math.BigInteger} (any u64 or i64), Java enums (unit-variant Rust enums) and records (Rust
 * structs, encoded as the array of their components).
 *
 * <p>Outputs: a {@code void} method has no outputs; a method returning a record annotated with
 * {@link TaskOutputs} has one output per record component; any other return type is one output.
 *
 * <p>To fail, throw {@link TdlError}. Any other exception is reported as an uncaught exception.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {

  /** The task name; empty (the default) means the method's name. */
  String value() default "";
}
