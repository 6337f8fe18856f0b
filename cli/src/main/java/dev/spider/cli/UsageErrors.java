package dev.spider.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the command line says when it cannot parse its arguments (docs/cli.md, "Help and usage
 * errors"): a command given no arguments at all prints its usage on stderr; otherwise one line
 * naming the problem — an unknown command or option with the nearest known one ("did you mean
 * 'run'?") — and a pointer to {@code --help}, which every command answers. Exit status 2 either
 * way.
 *
 * <p>Immutable; one per run of the command line.
 */
final class UsageErrors implements IParameterExceptionHandler {

  private final List<String> args;

  /**
   * @param args the command line as given, to tell a bare command from a wrong one
   */
  UsageErrors(String[] args) {
    this.args = List.of(args);
  }

  @Override
  public int handleParseException(ParameterException e, String[] ignored) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    if (bare(command)) {
      // Nothing typed after the command: its usage is the answer, not an error about a part.
      command.usage(err);
      err.flush();
      return ExitStatus.USAGE;
    }
    err.println(name + ": " + problem(e));
    err.println("see '" + name + " --help' for usage");
    err.flush();
    return ExitStatus.USAGE;
  }

  /** Whether the command line is only the command's path: {@code spider}, {@code spider run}. */
  private boolean bare(CommandLine command) {
    int depth = 0;
    for (CommandLine c = command.getParent(); c != null; c = c.getParent()) {
      depth++;
    }
    if (args.size() != depth) {
      return false;
    }
    CommandLine c = command;
    for (int i = depth - 1; i >= 0; i--, c = c.getParent()) {
      if (!args.get(i).equals(c.getCommandName())) {
        return false;
      }
    }
    return true;
  }

  private static String problem(ParameterException e) {
    CommandLine command = e.getCommandLine();
    // A typo can make a required part look missing too (exec --pakages DIR p t); picocli then
    // reports the missing part, but the typo is what to fix first.
    List<String> unmatched =
        e instanceof UnmatchedArgumentException u ? u.getUnmatched() : unknownOptions(command);
    if (unmatched.isEmpty()) {
      return e.getMessage();
    }
    String first = unmatched.get(0);
    List<String> known =
        first.startsWith("-")
            ? command.getCommandSpec().options().stream()
                .flatMap(option -> Arrays.stream(option.names()))
                .toList()
            : List.copyOf(command.getSubcommands().keySet());
    String nearest = nearest(first, known).map(n -> "; did you mean '" + n + "'?").orElse("");
    if (first.startsWith("-")) {
      return "unknown option '" + first + "'" + nearest;
    }
    if (!command.getSubcommands().isEmpty()) {
      return "unknown command '"
          + first
          + "'"
          + (nearest.isEmpty() ? "; the commands are " : nearest + " The commands are ")
          + String.join(", ", command.getSubcommands().keySet());
    }
    return "unexpected argument '" + first + "'" + nearest;
  }

  /** The arguments that looked like options but matched none, as far as parsing got. */
  private static List<String> unknownOptions(CommandLine command) {
    return command.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
  }

  /**
   * The known name {@code typed} is a prefix of (a command cut short), else the nearest one by
   * {@link NearestName#among}.
   */
  static Optional<String> nearest(String typed, List<String> known) {
    if (typed.length() > 1) {
      Optional<String> extended = known.stream().filter(n -> n.startsWith(typed)).findFirst();
      if (extended.isPresent()) {
        return extended;
      }
    }
    return NearestName.among(typed, known);
  }
}
