package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.cli.job.JobState;
import dev.spider.cli.job.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: plain lines once per change, and elapsed time and an estimate in place. */
final class ProgressLineTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream to = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong();

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainLinesAppearOncePerChangeSoTheLastIsNotPrintedTwice() {
    ProgressLine line = new ProgressLine(to, false, "job", now::get);
    Progress running = new Progress(JobState.RUNNING, 1, 1, 0, 0, 2);
    Progress ended = new Progress(JobState.SUCCEEDED, 2, 0, 0, 0, 2);
    line.accept(running);
    line.accept(running);
    line.accept(ended);
    line.accept(ended);
    line.finish();
    assertEquals(
        "job: 1 done, 1 running, 0 failed, 0 skipped or cancelled of 2 tasks\n"
            + "job: 2 done, 0 running, 0 failed, 0 skipped or cancelled of 2 tasks\n",
        text());
  }

  @Test
  void inPlaceTheLineShowsElapsedTimeAndAnEstimate() {
    ProgressLine line = new ProgressLine(to, true, "job", now::get);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    line.accept(new Progress(JobState.RUNNING, 1, 2, 1, 0, 6));
    assertTrue(
        text().endsWith("of 6 tasks [10 s elapsed, about 20 s left]"),
        "2 of 6 finished in 10 s leaves 4, about 20 s: " + text());
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    line.accept(new Progress(JobState.SUCCEEDED, 6, 0, 0, 0, 6));
    line.finish();
    String last = text().substring(text().lastIndexOf('\r') + 1);
    assertTrue(last.stripTrailing().endsWith("of 6 tasks [15 s elapsed]"), last);
    assertTrue(last.endsWith("\n"), "finish() ends the line: " + last);
    assertTrue(text().startsWith("\r"), "rewritten in place: " + text());
  }
}
