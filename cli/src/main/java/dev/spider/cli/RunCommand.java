package dev.spider.cli;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.jobfile.JobFileException;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManagerException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spider run}: runs a job file on an embedded single-node cluster with real executors, shows
 * progress, and prints a summary. Exit 0 when the job succeeded, 1 when it failed or was cancelled.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "run",
    description = {
      "Run a job file (see docs/job-files.md) on an embedded single-node cluster with real executors.",
      "Shows progress (done / running / failed / total) and a summary table per task."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      required = true,
      description = "the package directory")
  Path packages;

  @Option(
      names = "--executors",
      paramLabel = "N",
      description = "executor processes (default: available processors)")
  Integer executors;

  @Option(
      names = "--json",
      description = "print the result as JSON instead of progress and a table")
  boolean json;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "JOB.json", description = "the job file")
  Path jobFile;

  private final PrintStream out;
  private final boolean terminal;

  RunCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public Integer call()
      throws UsageException, PoolException, ExecutionManagerException, InterruptedException {
    Path dir = CommonOptions.packageDir(packages);
    JobSpec job;
    try {
      job = JobFiles.parse(jobFile);
    } catch (JobFileException e) {
      throw new UsageException(e.getMessage(), e);
    }
    int size = executors != null ? executors : Runtime.getRuntime().availableProcessors();
    JobResult result;
    try (LocalCluster cluster =
        LocalCluster.start(common.executorJar(), dir, size, common.heap())) {
      ProgressLine progress = new ProgressLine(out, terminal, job.name());
      result = cluster.run(job, json ? p -> {} : progress);
      progress.finish();
    }
    if (json) {
      JobReport.printJson(result, out);
    } else {
      JobReport.printTable(result, out);
    }
    return result.state() == JobState.SUCCEEDED ? ExitStatus.OK : ExitStatus.FAILED;
  }
}
