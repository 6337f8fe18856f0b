package dev.spider.cli;

import dev.spider.cli.job.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Shows a job's progress: one line rewritten in place on a terminal, plain lines (one per change)
 * otherwise, so logs and CI output stay readable.
 *
 * <p>Not thread-safe: the thread running the job calls it.
 */
final class ProgressLine implements Consumer<Progress> {

  private final PrintStream out;
  private final boolean terminal;
  private final String job;
  private int lastLength;

  ProgressLine(PrintStream out, boolean terminal, String job) {
    this.out = out;
    this.terminal = terminal;
    this.job = job;
  }

  @Override
  public void accept(Progress progress) {
    String line =
        job
            + ": "
            + progress.done()
            + " done / "
            + progress.running()
            + " running / "
            + progress.failed()
            + " failed / "
            + progress.total()
            + " total";
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      out.flush();
      lastLength = line.length();
    } else {
      out.println(line);
    }
  }

  /** Ends the in-place line before other output. */
  void finish() {
    if (terminal && lastLength > 0) {
      out.println();
      lastLength = 0;
    }
  }
}
