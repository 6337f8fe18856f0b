package dev.spider.cli;

import dev.spider.cli.job.JobResult;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.JobState;
import dev.spider.cli.job.TaskStatus;
import dev.spider.cli.job.TaskSummary;
import dev.spider.cli.jobfile.JobFileException;
import dev.spider.cli.jobfile.JobFiles;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManagerException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spider demo}: runs the two bundled demo jobs over the bundled sample packages on an
 * embedded cluster with real executors, and explains what happened. Exit 0 when everything happened
 * as designed (the second job is meant to fail), 1 otherwise.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "demo",
    description = {
      "Run two demo jobs on this machine and explain what happened:",
      "  fanout   - fibonacci tasks in parallel, their outputs feeding add tasks, then a commit task;",
      "  failures - a crash that is retried and recovers, a timeout, and a deterministic failure that",
      "             is not retried."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      description =
          "package directory holding the sample packages (default: the ones inside spider.jar)")
  Path packages;

  @Option(
      names = "--executors",
      paramLabel = "N",
      defaultValue = "2",
      description = "executor processes (default: 2)")
  int executors;

  @Mixin CommonOptions common;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  DemoCommand(PrintStream out, PrintStream err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public Integer call()
      throws UsageException, PoolException, ExecutionManagerException, InterruptedException {
    Path dir = packages != null ? CommonOptions.packageDir(packages) : Installation.demoPackages();
    JobSpec fanout = bundled("fanout.json");
    JobSpec failures = bundled("failures.json");
    out.println(
        "Spider demo: an embedded single-node cluster with "
            + executors
            + " executor processes, running the sample packages in "
            + dir);
    out.println();
    boolean asDesigned;
    try (StopSignals signals = StopSignals.install(err, "stopping the demo");
        LocalCluster cluster = LocalCluster.start(common.pool(dir), executors)) {
      JobResult first =
          run(
              cluster,
              signals,
              fanout,
              "1. fanout: four fibonacci tasks run in parallel; add tasks join their outputs pairwise and"
                  + " then into a total; the commit task runs last, with the job's outputs in its context.");
      if (signals.received().isPresent()) {
        return signals.received().get().exitStatus();
      }
      out.println(explainFanout(first));
      out.println();
      JobResult second =
          run(
              cluster,
              signals,
              failures,
              "2. failures: a task that crashes its executor once, one that never finishes, one that"
                  + " fails deterministically, and one that simply succeeds.");
      if (signals.received().isPresent()) {
        return signals.received().get().exitStatus();
      }
      out.println(explainFailures(second));
      asDesigned = first.state() == JobState.SUCCEEDED && failuresAsDesigned(second);
    }
    out.println();
    out.println(
        asDesigned
            ? "Everything happened as designed. Try: spider run --packages DIR JOB.json (see docs/job-files.md)."
            : "Something did not happen as designed: see the tables above (and rerun with -v for the logs).");
    return asDesigned ? ExitStatus.OK : ExitStatus.FAILED;
  }

  /** Runs one demo job and prints its table; a stop signal cancels it (docs/cli.md). */
  private JobResult run(LocalCluster cluster, StopSignals signals, JobSpec job, String intro)
      throws InterruptedException, ExecutionManagerException {
    out.println(intro);
    ProgressLine progress = ProgressLine.of(out, err, terminal, false, job.name());
    JobResult result =
        cluster.run(
            job, progress, () -> signals.received().map(s -> "cancelled by SIG" + s.name()));
    progress.finish();
    JobReport.printTable(result, out);
    return result;
  }

  private static String explainFanout(JobResult result) {
    if (result.state() != JobState.SUCCEEDED) {
      return "   The fanout job did not succeed: "
          + result.failure().orElse(result.state().toString());
    }
    String total =
        result
            .task("total")
            .flatMap(TaskSummary::outputs)
            .filter(o -> o.size() == 1)
            .map(o -> String.valueOf(o.get(0)))
            .orElse("?");
    return "   The four fibonacci tasks ran side by side on the executors; each add task started as soon"
        + " as its inputs existed. total = "
        + total
        + " = fib(27) + fib(29). The commit task then ran"
        + " once, and the job succeeded.";
  }

  private static String explainFailures(JobResult result) {
    StringBuilder text = new StringBuilder();
    task(result, "crash")
        .ifPresent(
            t ->
                text.append("   crash: its executor died (exit status 3) on attempt 1;")
                    .append(
                        " a crash is environmental, so it was retried, on a fresh executor, and ")
                    .append(t.status() == TaskStatus.SUCCEEDED ? "succeeded" : "ended " + status(t))
                    .append(" after ")
                    .append(t.attempts())
                    .append(" attempts.\n"));
    task(result, "timeout")
        .ifPresent(
            t ->
                text.append("   timeout: it never returns; at its 1 s hard timeout")
                    .append(
                        " the executor's process group was killed and replaced. A timeout is environmental:")
                    .append(" retried within its budget, it ")
                    .append(status(t))
                    .append(" after ")
                    .append(t.attempts())
                    .append(" attempts.\n"));
    task(result, "deterministic")
        .ifPresent(
            t ->
                text.append("   deterministic: it returned a TdlError;")
                    .append(" that is deterministic, so it ")
                    .append(status(t))
                    .append(" after ")
                    .append(t.attempts())
                    .append(" attempt")
                    .append(t.attempts() == 1 ? "" : "s")
                    .append(" although its budget allows retries.\n"));
    text.append("   survivor succeeded alongside them. The job ")
        .append(status(result.state()))
        .append(": its commit task was skipped and its cleanup task ran.");
    return text.toString();
  }

  private static boolean failuresAsDesigned(JobResult result) {
    return result.state() == JobState.FAILED
        && is(result, "crash", TaskStatus.SUCCEEDED, 2)
        && is(result, "timeout", TaskStatus.FAILED, 2)
        && is(result, "deterministic", TaskStatus.FAILED, 1)
        && result.task("survivor").map(t -> t.status() == TaskStatus.SUCCEEDED).orElse(false);
  }

  private static boolean is(JobResult result, String task, TaskStatus status, int attempts) {
    return result
        .task(task)
        .map(t -> t.status() == status && t.attempts() == attempts)
        .orElse(false);
  }

  private static Optional<TaskSummary> task(JobResult result, String name) {
    return result.task(name);
  }

  private static String status(TaskSummary task) {
    return task.status().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String status(JobState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static JobSpec bundled(String name) throws UsageException {
    try {
      return JobFiles.bundled(name);
    } catch (JobFileException e) {
      throw new UsageException("the bundled demo job " + name + " is broken: " + e.getMessage(), e);
    }
  }
}
