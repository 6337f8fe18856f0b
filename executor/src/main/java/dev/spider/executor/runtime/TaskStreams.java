package dev.spider.executor.runtime;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java standard streams tasks see (docs/task-sandbox.md): {@code System.in} is empty and {@code
 * System.out} and {@code System.err} are one stream into the executor's stderr, which is also where
 * the executor's own log goes. None of them can be closed — {@code close()} flushes — so a task
 * closing them silences neither the executor's log nor the next task. A task that replaces one
 * ({@code System.setOut}, say) has it put back after its request.
 *
 * <p>Thread-safe: the streams are installed once; {@link #restore} only compares and sets the
 * {@link System} fields, which are themselves safe to read from any thread.
 */
final class TaskStreams {

  private static final Logger log = LoggerFactory.getLogger(TaskStreams.class);

  private final InputStream in = new EmptyInput();
  private final PrintStream out;

  private TaskStreams(PrintStream out) {
    this.out = out;
  }

  /**
   * Installs the streams over the current {@code System.err}. Call once at start-up, after {@link
   * ProcessSetup#protect} and before the first logger, whose output follows {@code System.err}.
   */
  static TaskStreams install() {
    TaskStreams streams = new TaskStreams(new UncloseablePrintStream(System.err));
    streams.set();
    return streams;
  }

  /** Puts back any standard stream a task replaced; called after every request. */
  void restore() {
    if (System.in != in || System.out != out || System.err != out) {
      set();
      log.warn("a task replaced System.in, System.out or System.err; they are restored");
    }
  }

  private void set() {
    System.setIn(in);
    System.setOut(out);
    System.setErr(out);
  }

  /** Standard input for tasks: always at its end, and closing it changes nothing. */
  private static final class EmptyInput extends InputStream {
    @Override
    public int read() {
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : -1;
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public void close() {
      // Nothing to release, and closing must not make the next task's read throw.
    }
  }

  /**
   * A print stream over the process's original {@code System.err} that flushes instead of closing;
   * the original, reachable only through it, therefore stays open for the whole run.
   */
  private static final class UncloseablePrintStream extends PrintStream {
    UncloseablePrintStream(PrintStream original) {
      super(original, true);
    }

    @Override
    public void close() {
      flush();
    }
  }
}
