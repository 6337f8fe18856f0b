package dev.spider.cli.job;

/**
 * One input of a graph task, in parameter order after the task context: a {@link Literal} value
 * given in a job file, a {@link Payload} a Spider client submitted already encoded, or an {@link
 * OutputRef} to an output of another task of the job, filled in when that task has succeeded.
 *
 * <p>Immutable, as every kind is.
 */
public sealed interface Input permits Literal, Payload, OutputRef {}
