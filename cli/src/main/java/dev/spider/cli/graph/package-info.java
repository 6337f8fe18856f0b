/**
 * Spider's task graph as upstream storage takes it in {@code RegisterJob}: the records of a graph
 * ({@link dev.spider.cli.graph.TaskGraph}, its {@link dev.spider.cli.graph.GraphTask}s with their
 * {@link dev.spider.cli.graph.TdlContext}, {@link dev.spider.cli.graph.GraphExecutionPolicy} and
 * {@link dev.spider.cli.graph.DataTypeDescriptor}s), upstream's validity rules ({@link
 * dev.spider.cli.graph.TaskGraphCheck}) and its JSON form ({@link
 * dev.spider.cli.graph.TaskGraphJson}), as docs/job-files.md describes them ("Running a job file on
 * a cluster"). Immutable records; no dependency on the job-file model, so a head serving the
 * cluster services can use it alone.
 */
package dev.spider.cli.graph;
