package dev.spider.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Executor output reaches the worker's stdout, each line prefixed with its executor. */
final class ExecutorOutputTest {

  @Test
  void linesArePrefixedWithTheirExecutor() {
    StringWriter text = new StringWriter();
    ExecutorOutput output = new ExecutorOutput(new PrintWriter(text, true));

    output.line("executor-1", "hello from a task");
    output.line("executor-2", "");
    output.droppedLine("executor-1", 80);
    output.line("executor-1", "[bracketed] text stays as it is");

    assertEquals(
        String.join(
            System.lineSeparator(),
            "[executor-1] hello from a task",
            "[executor-2] ",
            "[executor-1] [bracketed] text stays as it is",
            ""),
        text.toString(),
        "a dropped line is logged, not printed");
  }
}
