package dev.spider.tdl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record whose components are a task's separate outputs, the Java spelling of a Rust task
 * returning a tuple: a task returning {@code record MinMax(long min, long max)} annotated with this
 * has two outputs, the min and the max, each its own payload. Without the annotation a record is a
 * single output (one struct).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskOutputs {}
