package dev.spider.cli;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.jobfile.JobFileException;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.cli.submit.ClusterClient;
import dev.spider.cli.submit.ClusterException;
import dev.spider.cli.submit.ClusterJob;
import dev.spider.cli.submit.ClusterOutcome;
import dev.spider.cli.submit.ClusterResults;
import dev.spider.cli.submit.JobConversion;
import dev.spider.cli.submit.JobFollower;
import dev.spider.cli.submit.ResourceGroup;
import dev.spider.cli.submit.StorageAddress;
import dev.spider.cli.submit.UnsupportedJobException;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManagerException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spider run}: runs a job file on an embedded single-node cluster with real executors, or,
 * with {@code --storage HOST:PORT}, submits it to a cluster's storage (a {@code spider head} or
 * upstream's {@code spider-storage}) and follows it there; either way it shows progress and prints
 * the result the same way. Exit 0 when the job succeeded, 1 when it failed or was cancelled (or the
 * cluster could not be used), 2 for a bad job file or one a cluster cannot run.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "run",
    description = {
      "Run a job file (see docs/job-files.md) on an embedded single-node cluster with real executors,",
      "or on a cluster with --storage HOST:PORT.",
      "Shows progress (on stderr unless stdout is a terminal) and a summary table per task.",
      "Ctrl-C (SIGINT) or SIGTERM cancels the job: running tasks are interrupted and get 2 s to end,"
          + " the job's cleanup task runs, the summary is printed, and the exit status is 130"
          + " (SIGINT) or 143 (SIGTERM); a second signal stops at once.",
      "Exit status: 0 the job succeeded, 1 it failed, 2 a bad job file or flag."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      description = "the package directory (required unless --storage)")
  Path packages;

  @Option(
      names = "--executors",
      paramLabel = "N",
      description = "executor processes (default: available processors; not with --storage)")
  Integer executors;

  @Option(
      names = "--storage",
      paramLabel = "HOST:PORT",
      description =
          "submit the job to a cluster's storage (spider head, or upstream's spider-storage)"
              + " instead of running it here")
  String storage;

  @Option(
      names = "--resource-group",
      paramLabel = "ID",
      description = "with --storage: the resource group to submit under (default: a new one)")
  String resourceGroup;

  @Option(
      names = "--json",
      description =
          "print the result as one JSON document on stdout instead of a table (progress goes to"
              + " stderr); a bad job file is a JSON error document, exit 2")
  boolean json;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "JOB.json", description = "the job file")
  Path jobFile;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  RunCommand(PrintStream out, PrintStream err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public Integer call()
      throws UsageException, PoolException, ExecutionManagerException, InterruptedException {
    try {
      return storage != null ? runOnCluster() : runHere();
    } catch (UsageException e) {
      if (!json) {
        throw e;
      }
      // Under --json a program reads stdout: the error is a JSON document there too.
      err.println("spider: " + e.getMessage());
      JobReport.printJsonError(
          e.getMessage(),
          e.getCause() instanceof JobFileException f ? Optional.of(f) : Optional.empty(),
          out);
      return ExitStatus.USAGE;
    }
  }

  /**
   * A local run on an embedded cluster; Ctrl-C stops it as docs/cli.md ("Stopping a run") says and
   * exits 130 (SIGINT) or 143 (SIGTERM) after the summary.
   */
  private int runHere()
      throws UsageException, PoolException, ExecutionManagerException, InterruptedException {
    if (resourceGroup != null) {
      throw new UsageException(
          "--resource-group needs --storage HOST:PORT; drop it for a local run");
    }
    Path dir = CommonOptions.packageDir(packages);
    JobSpec job = readJob();
    int size = executors != null ? executors : Runtime.getRuntime().availableProcessors();
    JobResult result;
    Optional<StopSignals.Signal> stopped;
    try (StopSignals signals = StopSignals.install(err, "cancelling job '" + job.name() + "'");
        LocalCluster cluster = LocalCluster.start(common.pool(dir), size)) {
      // Before any task runs, on the run's own executors: no executor is started for the check.
      JobPackageCheck.check(job, jobFile, dir, cluster.executors());
      ProgressLine progress = ProgressLine.of(out, err, terminal, json, job.name());
      result =
          cluster.run(
              job, progress, () -> signals.received().map(s -> "cancelled by SIG" + s.name()));
      progress.finish();
      stopped = signals.received();
    }
    int status = print(result);
    return stopped.map(StopSignals.Signal::exitStatus).orElse(status);
  }

  private JobSpec readJob() throws UsageException {
    try {
      return JobFiles.parse(jobFile);
    } catch (JobFileException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** {@code --storage}: convert, submit, follow; print as a local run does. */
  private int runOnCluster() throws UsageException, InterruptedException {
    if (packages != null || executors != null) {
      throw new UsageException(
          "--packages and --executors are for local runs: with --storage the cluster's workers"
              + " run the job from their own package directories; drop them");
    }
    StorageAddress address;
    try {
      address = StorageAddress.parse(storage);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--storage: " + e.getMessage(), e);
    }
    ResourceGroup group = resourceGroup();
    JobSpec job = readJob();
    ClusterJob clusterJob;
    try {
      clusterJob = JobConversion.convert(job);
    } catch (UnsupportedJobException e) {
      throw new UsageException(jobFile + ": " + e.getMessage(), e);
    }
    ProgressLine progress = ProgressLine.of(out, err, terminal, json, job.name());
    ClusterOutcome outcome;
    try (ClusterClient client = ClusterClient.connect(address)) {
      JobFollower follower = new JobFollower(client, json ? p -> {} : progress);
      // Ctrl-C: cancel the job on the cluster, then let the JVM exit (docs/cli.md).
      Thread hook =
          new Thread(
              () -> {
                err.println(
                    "spider: interrupted: cancelling job '" + job.name() + "' on " + address);
                follower.cancel();
              },
              "spider-run-cancel");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        outcome = follower.run(clusterJob, group);
      } catch (ClusterException e) {
        progress.finish();
        err.println("spider: " + e.getMessage());
        return ExitStatus.FAILED;
      } finally {
        removeHook(hook);
      }
    }
    progress.finish();
    return print(ClusterResults.toJobResult(clusterJob, outcome));
  }

  private ResourceGroup resourceGroup() throws UsageException {
    if (resourceGroup == null) {
      return ResourceGroup.createForRun();
    }
    try {
      return new ResourceGroup.Existing(Long.parseUnsignedLong(resourceGroup));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--resource-group " + resourceGroup + " is not a resource group id (an integer >= 0)", e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running (or ran) and cancels the job; nothing to
      // undo.
    }
  }

  private int print(JobResult result) {
    if (json) {
      JobReport.printJson(result, out);
    } else {
      JobReport.printTable(result, out);
    }
    if (result.state() == JobState.FAILED && !common.verbose) {
      err.println("spider: job '" + result.name() + "' failed" + VerboseHint.unless(false));
    }
    return result.state() == JobState.SUCCEEDED ? ExitStatus.OK : ExitStatus.FAILED;
  }
}
