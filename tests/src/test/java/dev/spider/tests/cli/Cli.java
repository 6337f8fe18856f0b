package dev.spider.tests.cli;

import dev.spider.cli.SpiderCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the {@code spider} command line, in-process, with what it printed. {@link #run}
 * returns only once the command finished, so there is nothing to wait for afterwards.
 *
 * <p>Immutable; thread-safe.
 *
 * @param status the exit status, one of {@link #SUCCEEDED}, {@link #FAILED} and {@link #USAGE}
 * @param out everything printed on stdout
 * @param err everything printed on stderr
 */
record Cli(int status, String out, String err) {

  /** Exit status: success (docs/cli.md, "Exit statuses"). */
  static final int SUCCEEDED = 0;

  /** Exit status: the task or job failed. */
  static final int FAILED = 1;

  /** Exit status: a usage or input error. */
  static final int USAGE = 2;

  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = SpiderCli.run(args, o, e);
    }
    return new Cli(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
