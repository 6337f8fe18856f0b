package dev.spider.cli;

import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code spider} command line. Exit statuses: 0 success; 1 the task or job failed (in-task
 * failure, timeout, crash); 2 usage or input error (bad flag, missing package directory, bad JSON,
 * bad job file). Only this package prints to stdout; logs go to stderr, quiet unless {@code -v}.
 *
 * <p>Each {@link #run} builds its own command line; runs on separate threads share only the
 * JVM-wide log level.
 */
@Command(
    name = "spider",
    mixinStandardHelpOptions = true,
    version = "spider 0.1.0 (TDL 0.1.0)",
    description = "Run Spider tasks on this machine: single tasks, job files, and a demo.",
    subcommands = {
      DemoCommand.class,
      ExecCommand.class,
      RunCommand.class,
      PackagesCommand.class,
      dev.spider.cli.head.HeadCommand.class,
      dev.spider.cli.worker.WorkerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SpiderCli {

  private SpiderCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the CLI and returns its exit status (for tests and {@link #main}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    configureLogging(
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
    CommandLine cli = new CommandLine(new SpiderCli(), new CommandFactory(out, err));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException) {
            err.println("spider: " + e.getMessage());
            return ExitStatus.USAGE;
          }
          if (e instanceof dev.spider.manager.pool.PoolException) {
            err.println("spider: cannot run executors: " + e.getMessage());
            return ExitStatus.FAILED;
          }
          if (e instanceof dev.spider.manager.runtime.ExecutionManagerException) {
            err.println("spider: the execution manager stopped: " + e.getMessage());
            return ExitStatus.FAILED;
          }
          throw e;
        });
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          err.println("spider: " + e.getMessage());
          err.println(
              "run 'spider "
                  + (e.getCommandLine().getCommandName().equals("spider")
                      ? ""
                      : e.getCommandLine().getCommandName() + " ")
                  + "--help' for usage");
          return ExitStatus.USAGE;
        });
    return cli.execute(args);
  }

  private static void configureLogging(boolean verbose) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
    }
  }

  /** Creates subcommands with the CLI's output streams. */
  private static final class CommandFactory implements CommandLine.IFactory {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    CommandFactory(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
      this.terminal = out == System.out && System.console() != null;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ExecCommand.class) {
        return type.cast(new ExecCommand(out, err));
      }
      if (type == PackagesCommand.class) {
        return type.cast(new PackagesCommand(out));
      }
      if (type == RunCommand.class) {
        return type.cast(new RunCommand(out, terminal));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(out, terminal));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
