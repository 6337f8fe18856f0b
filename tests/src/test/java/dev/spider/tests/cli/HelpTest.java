package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.SpiderCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command answers {@code --help} and {@code -h}; a bare command prints its usage; a typo is
 * answered with the nearest name; and no error points at a command that fails (docs/cli.md, "Usage
 * errors"). The commands come from picocli's model ({@link SpiderCli#commandPaths()}), so a new
 * command cannot escape these tests.
 */
class HelpTest {

  private static final Pattern SEE = Pattern.compile("see '([^']+)' for usage");

  private static String[] args(List<String> path, String... more) {
    List<String> all = new ArrayList<>(path);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void theCommandListIsReadFromTheCommandLine() {
    List<List<String>> paths = SpiderCli.commandPaths();
    for (String name : List.of("demo", "exec", "run", "packages", "head", "worker", "help")) {
      assertTrue(paths.contains(List.of(name)), name + " in " + paths);
    }
  }

  @Test
  void everyCommandAnswersHelpOnStdoutWithStatusZero() {
    List<List<String>> paths = new ArrayList<>(SpiderCli.commandPaths());
    paths.add(List.of());
    for (List<String> path : paths) {
      for (String flag : List.of("--help", "-h")) {
        Cli cli = Cli.run(args(path, flag));
        String command = String.join(" ", args(List.of("spider"), path.toArray(String[]::new)));
        assertEquals(Cli.SUCCEEDED, cli.status(), () -> command + " " + flag + "\n" + cli);
        // picocli's help command puts a line about itself before its usage.
        assertTrue(cli.out().contains("Usage: " + command + " "), () -> command + "\n" + cli);
        assertEquals("", cli.err(), () -> command + " " + flag + "\n" + cli);
      }
    }
  }

  @Test
  void noArgumentsPrintsTheUsageOnStderrWithStatusTwo() {
    for (List<String> path : List.of(List.<String>of(), List.of("run"), List.of("exec"))) {
      Cli cli = Cli.run(args(path));
      assertEquals(Cli.USAGE, cli.status(), cli::toString);
      assertEquals("", cli.out(), cli::toString);
      assertTrue(cli.err().startsWith("Usage: spider"), cli::toString);
    }
  }

  @Test
  void anUnknownCommandSuggestsTheNearest() {
    Cli cli = Cli.run("rn", "job.json");
    assertEquals(Cli.USAGE, cli.status(), cli::toString);
    assertTrue(
        cli.err().startsWith("spider: unknown command 'rn'; did you mean 'run'?"), cli::toString);
  }

  @Test
  void anUnknownOptionSuggestsTheNearestAndItsHelpHintWorks() {
    for (List<String> path : SpiderCli.commandPaths()) {
      if (path.equals(List.of("help"))) {
        continue; // help takes command names, not options
      }
      Cli cli = Cli.run(args(path, "--verbsoe"));
      assertEquals(Cli.USAGE, cli.status(), () -> path + "\n" + cli);
      assertTrue(cli.err().contains("unknown option '--verbsoe'"), () -> path + "\n" + cli);
      Matcher see = SEE.matcher(cli.err());
      assertTrue(see.find(), () -> path + ": no pointer to --help\n" + cli);
      String[] hint = see.group(1).split(" ");
      assertEquals("spider", hint[0]);
      Cli help = Cli.run(List.of(hint).subList(1, hint.length).toArray(String[]::new));
      assertEquals(Cli.SUCCEEDED, help.status(), () -> see.group(1) + " fails:\n" + help);
    }
    Cli run = Cli.run("run", "--jsn", "job.json");
    assertTrue(run.err().contains("did you mean '--json'?"), run::toString);
  }

  @Test
  void theRealJarAnswersHelpAndABareCommandWithTheSameStatuses() throws Exception {
    try (SpiderChild help = SpiderChild.start("run", "--help")) {
      assertEquals(Cli.SUCCEEDED, help.awaitExit(Duration.ofSeconds(30)), help::streams);
      assertTrue(help.out().text().startsWith("Usage: spider run"), help::streams);
    }
    try (SpiderChild bare = SpiderChild.start()) {
      assertEquals(Cli.USAGE, bare.awaitExit(Duration.ofSeconds(30)), bare::streams);
      assertFalse(bare.err().text().isEmpty(), bare::streams);
      assertTrue(bare.out().text().isEmpty(), bare::streams);
    }
  }
}
