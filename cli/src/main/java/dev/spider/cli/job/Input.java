package dev.spider.cli.job;

/**
 * One input of a graph task, in parameter order after the task context: a {@link Literal} value
 * given in the job, or an {@link OutputRef} to an output of another task of the job, filled in when
 * that task has succeeded.
 *
 * <p>Immutable, as both kinds are.
 */
public sealed interface Input permits Literal, OutputRef {}
