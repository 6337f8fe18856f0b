package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class StderrForwarderTest {

  /** Records what the forwarder emits. */
  private static final class Recorder implements ExecutorLogSink {
    final List<String> lines = new ArrayList<>();
    int dropped;

    @Override
    public synchronized void line(String executorId, String line) {
      lines.add(executorId + ": " + line);
    }

    @Override
    public synchronized void droppedLine(String executorId, int maxLineBytes) {
      dropped++;
    }
  }

  private static Recorder forward(InputStream in, int maxLineBytes, int tail) {
    Recorder recorder = new Recorder();
    StderrForwarder forwarder = new StderrForwarder("executor-7", in, maxLineBytes, tail, recorder);
    forwarder.run();
    return recorder;
  }

  @Test
  void linesArriveInOrderTaggedWithTheExecutor() {
    Recorder r = forward(stream("one\ntwo\r\nthree\nlast without newline"), 100, 10);
    assertEquals(
        List.of(
            "executor-7: one",
            "executor-7: two",
            "executor-7: three",
            "executor-7: last without newline"),
        r.lines);
    assertEquals(0, r.dropped);
  }

  @Test
  void anOversizeLineIsDroppedWithOneWarningAndCaptureResumes() {
    String huge = "x".repeat(100_000);
    Recorder r =
        forward(stream("before\n" + huge + "\nafter\n" + huge + "tail-of-huge\nend\n"), 100, 10);
    assertEquals(List.of("executor-7: before", "executor-7: after", "executor-7: end"), r.lines);
    assertEquals(2, r.dropped);
  }

  @Test
  void aLineExactlyAtTheLimitIsKept() {
    Recorder r = forward(stream("y".repeat(100) + "\n" + "z".repeat(101) + "\nok\n"), 100, 10);
    assertEquals(List.of("executor-7: " + "y".repeat(100), "executor-7: ok"), r.lines);
  }

  @Test
  void linesSplitAcrossReadsAreReassembled() {
    InputStream trickle =
        new InputStream() {
          private final byte[] data = "alpha\nbeta\ngamma\n".getBytes(StandardCharsets.UTF_8);
          private int pos;

          @Override
          public int read() {
            return pos < data.length ? data[pos++] : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
              return -1;
            }
            b[off] = data[pos++]; // one byte per read
            return 1;
          }
        };
    Recorder r = forward(trickle, 100, 10);
    assertEquals(List.of("executor-7: alpha", "executor-7: beta", "executor-7: gamma"), r.lines);
  }

  @Test
  void theTailKeepsTheLastLines() {
    Recorder recorder = new Recorder();
    StderrForwarder forwarder =
        new StderrForwarder("executor-7", stream("1\n2\n3\n4\n5\n"), 100, 3, recorder);
    forwarder.run();
    assertEquals(List.of("3", "4", "5"), forwarder.tail());
  }

  @Test
  void aFailingStreamEndsForwardingWithoutLosingEarlierLines() {
    InputStream failing =
        new InputStream() {
          private final InputStream data = stream("kept\npartial");

          @Override
          public int read() throws IOException {
            int b = data.read();
            if (b == -1) {
              throw new IOException("stream closed");
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = data.read(b, off, len);
            if (n == -1) {
              throw new IOException("stream closed");
            }
            return n;
          }
        };
    Recorder r = forward(failing, 100, 10);
    assertEquals(List.of("executor-7: kept", "executor-7: partial"), r.lines);
  }

  @Test
  void executorLogLinesKeepTheirLevelAndEverythingElseIsInfo() {
    // Milliseconds since the executor started, as it stamps its lines; and an older executor's
    // date.
    for (String stamp : List.of("1234", "2026-11-30T15:05:54.804+00:00")) {
      assertEquals(
          Level.ERROR,
          StderrForwarder.levelOf(stamp + " [spider-task] ERROR TaskRunner - task blew up"));
      assertEquals(Level.WARN, StderrForwarder.levelOf(stamp + " [main] WARN Executor - slow"));
      assertEquals(Level.DEBUG, StderrForwarder.levelOf(stamp + " [stdin] DEBUG Reader - frame"));
      assertEquals(Level.INFO, StderrForwarder.levelOf(stamp + " [main] INFO Executor - ready"));
      assertEquals(Level.INFO, StderrForwarder.levelOf(stamp + " [main] FATAL made-up level"));
    }
    assertEquals(Level.INFO, StderrForwarder.levelOf("ERROR printed by a task, not a log line"));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
