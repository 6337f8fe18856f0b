/**
 * Job files (docs/job-files.md) read into {@link dev.spider.cli.job.JobSpec}s by {@link
 * dev.spider.cli.jobfile.JobFiles}, every problem a {@link dev.spider.cli.jobfile.JobFileException}
 * naming the file, line and column.
 */
package dev.spider.cli.jobfile;
