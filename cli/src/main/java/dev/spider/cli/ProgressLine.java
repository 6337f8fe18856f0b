package dev.spider.cli;

import dev.spider.cli.job.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress (docs/cli.md, "Progress"): on a terminal one line rewritten in place, with
 * the time elapsed and an estimate of the time left; otherwise plain lines, one per change, on
 * stderr, so that stdout carries only the result and logs and CI output stay readable. The counts
 * are those of {@link #counts}, which the summary table's totals line repeats, so the last progress
 * line and the summary agree.
 *
 * <p>Not thread-safe: the thread running the job calls it.
 */
final class ProgressLine implements Consumer<Progress> {

  private final PrintStream to;
  private final boolean inPlace;
  private final String job;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private String lastLine = "";
  private int lastLength;

  ProgressLine(PrintStream to, boolean inPlace, String job, LongSupplier nanoTime) {
    this.to = Objects.requireNonNull(to, "to");
    this.inPlace = inPlace;
    this.job = Objects.requireNonNull(job, "job");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.startNanos = nanoTime.getAsLong();
  }

  /**
   * The progress line of a command: in place on stdout when stdout is a terminal and carries
   * people's output; else plain lines on stderr (not a terminal, or {@code --json}: stdout is for
   * the result alone).
   */
  static ProgressLine of(
      PrintStream out, PrintStream err, boolean terminal, boolean json, String job) {
    return terminal && !json
        ? new ProgressLine(out, true, job, System::nanoTime)
        : new ProgressLine(err, false, job, System::nanoTime);
  }

  /**
   * {@code "3 done, 2 running, 0 failed, 1 skipped or cancelled of 7 tasks"}: what the line and the
   * summary's totals say. The graph tasks only: the commit and cleanup tasks have rows of their own
   * in the summary.
   */
  static String counts(Progress progress) {
    return progress.done()
        + " done, "
        + progress.running()
        + " running, "
        + progress.failed()
        + " failed, "
        + progress.skipped()
        + " skipped or cancelled of "
        + progress.total()
        + (progress.total() == 1 ? " task" : " tasks");
  }

  @Override
  public void accept(Progress progress) {
    String line = job + ": " + counts(progress);
    if (!inPlace) {
      if (!line.equals(lastLine)) {
        to.println(line);
        lastLine = line;
      }
      return;
    }
    line += timing(progress);
    to.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    to.flush();
    lastLength = line.length();
  }

  /** {@code " [12 s elapsed, about 8 s left]"}: the estimate assumes the rest go as fast. */
  private String timing(Progress progress) {
    Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
    int finished = progress.done() + progress.failed() + progress.skipped();
    String left =
        finished > 0 && finished < progress.total() && !progress.state().isTerminal()
            ? ", about "
                + seconds(elapsed.multipliedBy(progress.total() - finished).dividedBy(finished))
                + " left"
            : "";
    return " [" + seconds(elapsed) + " elapsed" + left + "]";
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  /** Ends the in-place line before other output. */
  void finish() {
    if (inPlace && lastLength > 0) {
      to.println();
      lastLength = 0;
    }
  }
}
