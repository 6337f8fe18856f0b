/**
 * The {@code spider} command line (docs/cli.md): its commands, the executor jar and sample packages
 * it carries, and {@code LocalCluster}, which runs jobs on an embedded cluster with real executors.
 * Only {@link dev.spider.cli.SpiderCli} is public.
 *
 * <p>The packages below it depend one way: {@link dev.spider.cli.types} (TDL types and the JSON
 * &lt;-&gt; MessagePack value converter) &lt;- {@link dev.spider.cli.job} (the job model) &lt;-
 * {@link dev.spider.cli.jobfile} (job files) and {@link dev.spider.cli.embedded} (the embedded
 * single-node cluster) &lt;- this package.
 */
package dev.spider.cli;
