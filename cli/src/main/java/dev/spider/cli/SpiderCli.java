package dev.spider.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code spider} command line. Exit statuses: 0 success; 1 the task or job failed (in-task
 * failure, timeout, crash); 2 usage or input error (bad flag, missing package directory, bad JSON,
 * bad job file); 130 and 143 a run stopped by SIGINT or SIGTERM (docs/cli.md). Only this package
 * prints to stdout; logs go to stderr, quiet unless {@code -v}.
 *
 * <p>Every command and subcommand answers {@code -h}/{@code --help} (usage on stdout, exit 0): the
 * standard help options are declared here with {@link ScopeType#INHERIT}, so a new subcommand
 * cannot forget them. Parse errors are {@link UsageErrors}' job.
 *
 * <p>Each {@link #run} builds its own command line; runs on separate threads share only the
 * JVM-wide log level.
 */
@Command(
    name = "spider",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "spider 0.1.0 (TDL 0.1.0)",
    description = "Run Spider tasks on this machine: single tasks, job files, and a demo.",
    subcommands = {
      DemoCommand.class,
      ExecCommand.class,
      RunCommand.class,
      PackagesCommand.class,
      PackageCommand.class,
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
    boolean verbose =
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
    configureLogging(verbose);
    CommandLine cli = commandLine(out, err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException) {
            err.println("spider: " + e.getMessage());
            return ExitStatus.USAGE;
          }
          if (e instanceof dev.spider.manager.pool.PoolException) {
            err.println(
                "spider: cannot run executors: " + e.getMessage() + VerboseHint.unless(verbose));
            return ExitStatus.FAILED;
          }
          if (e instanceof dev.spider.manager.runtime.ExecutionManagerException) {
            err.println(
                "spider: the execution manager stopped: "
                    + e.getMessage()
                    + VerboseHint.unless(verbose));
            return ExitStatus.FAILED;
          }
          throw e;
        });
    cli.setParameterExceptionHandler(new UsageErrors(args));
    return cli.execute(args);
  }

  /**
   * Every command path of the command line below {@code spider}, e.g. {@code ["demo", "exec", ...,
   * "help"]}, read from picocli's model: what a test loops over so that no command escapes it.
   */
  public static List<List<String>> commandPaths() {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    List<List<String>> paths = new ArrayList<>();
    collect(commandLine(sink, sink), new ArrayList<>(), paths);
    return List.copyOf(paths);
  }

  private static void collect(CommandLine command, List<String> prefix, List<List<String>> into) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(sub.getKey());
      into.add(List.copyOf(path));
      collect(sub.getValue(), path, into);
    }
  }

  private static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new SpiderCli(), new CommandFactory(out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
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
        return type.cast(new RunCommand(out, err, terminal));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(out, err, terminal));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
