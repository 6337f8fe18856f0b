package dev.spider.samples.integration;

import dev.spider.tdl.TaskOutputs;

/**
 * The two outputs of {@code min_max}: annotated {@link TaskOutputs} so the task has two outputs, as
 * a Rust task returning the tuple {@code (i64, i64)} has, rather than one struct.
 *
 * @param min the smallest input value
 * @param max the largest input value
 */
@TaskOutputs
public record MinMax(long min, long max) {}
