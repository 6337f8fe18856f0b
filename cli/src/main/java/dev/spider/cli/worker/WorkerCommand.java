package dev.spider.cli.worker;

import dev.spider.cli.Installation;
import dev.spider.manager.client.TransportException;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.runtime.ExecutionManagerException;
import dev.spider.manager.runtime.Termination;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spider worker --config worker.yaml}: joins a Spider cluster as an execution manager, a
 * drop-in for upstream's {@code spider-execution-manager --config worker.yaml} (docs/cluster.md;
 * keys in docs/cli.md). Runs until SIGINT or SIGTERM, then stops gracefully and exits 0; exits 1 on
 * a fatal error (so a supervisor restarts it) and 2 when the configuration is wrong, naming the
 * file and the key. Executor output goes to stdout, prefixed with the executor; warnings and the
 * log go to stderr.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Join a Spider cluster as an execution manager (worker), reading upstream's worker.yaml.",
      "Runs until SIGINT or SIGTERM, then stops gracefully. Exit status: 0 after a graceful stop,"
          + " 1 on a fatal error, 2 for a bad configuration.",
      "Executors get only "
          + PoolConfig.BASE_ENVIRONMENT
          + " (when set here), the variables task_executor.inherited_env and jvm.env name, and SPIDER_TDL_PACKAGE_DIR and"
          + " SPIDER_MAX_FRAME_BYTES (docs/cli.md, \"Executors' environment\")."
    })
public final class WorkerCommand implements Callable<Integer> {

  /** slf4j-simple's per-logger level property for the project's loggers. */
  private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.dev.spider";

  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "worker.yaml",
      required = true,
      description = "the worker configuration: upstream's keys, plus an optional jvm section")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}); on stderr")
  String logLevel = "info";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    setLogLevel();
    WorkerConfig settings;
    Path executorJar;
    try {
      settings =
          WorkerConfigReader.read(
              config, warning -> err.println("spider worker: warning: " + warning));
      executorJar = executorJar(settings);
    } catch (WorkerConfigException e) {
      err.println("spider worker: " + e.getMessage());
      return WorkerExit.CONFIG.status();
    }
    Worker worker;
    try {
      worker = Worker.start(settings, executorJar, new ExecutorOutput(out));
    } catch (TransportException e) {
      return fatal(err, "cannot reach the cluster: " + e.getMessage());
    } catch (PoolException e) {
      return fatal(err, "cannot start executors: " + e.getMessage());
    } catch (ExecutionManagerException e) {
      return fatal(err, "cannot join the cluster: " + e.getMessage());
    }
    SignalShutdown signals = SignalShutdown.install(worker, out, err);
    try {
      Termination end = worker.awaitTermination();
      if (end instanceof Termination.Failed failed) {
        return fatal(err, "the execution manager stopped: " + failed.error().getMessage());
      }
      return WorkerExit.of(end).status();
    } finally {
      signals.uninstall();
      worker.close();
    }
  }

  /**
   * The executor jar: from {@code task_executor.bin_path}, else the one the other commands use
   * (docs/cli.md: {@code $SPIDER_EXECUTOR_JAR}, else the copy inside {@code spider.jar}).
   */
  private static Path executorJar(WorkerConfig settings) throws WorkerConfigException {
    if (settings.taskExecutor().executor() instanceof ExecutorSource.Launcher launcher) {
      return launcher.jar();
    }
    try {
      return Installation.defaultExecutorJar();
    } catch (IOException e) {
      throw new WorkerConfigException(
          settings.file(),
          OptionalInt.empty(),
          Optional.of("task_executor.bin_path"),
          "not given, and the bundled executor is unavailable ("
              + e.getMessage()
              + "); give the Java executor launcher");
    }
  }

  /**
   * The level of the project's loggers. The CLI quiets them unless {@code -v}, which suits one-shot
   * commands; a worker is a service whose log is how an operator follows it, so it logs at info by
   * default. Set before any of the worker's loggers exists: slf4j-simple reads a logger's level
   * when it creates the logger.
   */
  private void setLogLevel() {
    String level = logLevel.toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ParameterException(
          spec.commandLine(), "--log-level " + logLevel + " is not one of " + LOG_LEVELS);
    }
    System.setProperty(LOG_LEVEL_PROPERTY, level);
  }

  private static int fatal(PrintWriter err, String message) {
    err.println("spider worker: " + message);
    return WorkerExit.FAILED.status();
  }
}
