/**
 * The job model: a {@link dev.spider.cli.job.JobSpec} to run and the {@link
 * dev.spider.cli.job.JobResult} it ends with, with their states and policies. Immutable records and
 * enums; it depends only on {@link dev.spider.cli.types}, and both the job-file reader and the
 * embedded cluster build on it.
 */
package dev.spider.cli.job;
