/**
 * Submitting a job file to a Spider cluster ({@code spider run --storage HOST:PORT}): the
 * conversion of a {@link dev.spider.cli.job.JobSpec} into upstream's task graph and wire inputs
 * ({@link dev.spider.cli.submit.JobConversion}, refusing what the graph cannot express), and a
 * client of storage's job orchestration and resource group services that submits, starts and
 * follows the job ({@link dev.spider.cli.submit.ClusterClient}, {@link
 * dev.spider.cli.submit.JobFollower}). docs/job-files.md ("Running a job file on a cluster") is the
 * user's view.
 */
package dev.spider.cli.submit;
