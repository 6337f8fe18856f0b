package dev.spider.tests.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.process.ExitEvidence;
import dev.spider.protocol.process.ExitStatus;
import dev.spider.tests.ExecutorLogText;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import org.junit.jupiter.api.Test;

/**
 * What a task may and may not do to its executor's process (docs/task-sandbox.md), with the {@code
 * hostile_tasks} package against a real executor: stdin, the standard streams and exits. Each test
 * ends by checking the executor still serves, or how it ended.
 */
class HostileTasksTest {

  private static final String PKG = SamplePackages.HOSTILE_TASKS;

  /** What print_after_closing_streams prints after closing the streams (HostileTasks). */
  private static final String AFTER_CLOSE_TEXT = "hostile_tasks: still printing after close()";

  @Test
  void systemInIsEmptyAndTheNextRequestIsStillRead() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      assertEquals(0L, readLength(executor, "read_stdin"));
      assertServes(executor);
    }
  }

  @Test
  void descriptorZeroIsAtItsEndEvenAfterATaskClosedIt() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      // read_stdin_fd closes descriptor 0 when done: the second run sees /dev/null again.
      assertEquals(0L, readLength(executor, "read_stdin_fd"));
      assertEquals(0L, readLength(executor, "read_stdin_fd"));
      assertServes(executor);
    }
  }

  @Test
  void closingStdinDisturbsNeitherTheExecutorNorTheNextTask() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      Response.Result closed =
          executor.call(PKG, "close_stdin", Tdl.indexContext(), Tdl.noInputs());
      assertTrue(closed.success(), () -> "close_stdin failed: " + closed);
      assertEquals(0L, readLength(executor, "read_stdin"));
      assertEquals(0L, readLength(executor, "read_stdin_fd"));
      assertServes(executor);
    }
  }

  @Test
  void closingSystemOutAndErrSilencesNeitherTheTaskNorTheExecutorsLog() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long seq = executor.nextSeq();
      executor.send(
          new Request.Execute(
              seq, PKG, "print_after_closing_streams", Tdl.indexContext(), Tdl.noInputs()));
      Response.Result result = executor.result(seq);
      assertTrue(result.success(), () -> "print_after_closing_streams failed: " + result);
      assertTrue(executor.awaitStderr(AFTER_CLOSE_TEXT), executor::stderrText);
      long next =
          executor.execute(
              SamplePackages.JAR_TASKS,
              "add",
              Tdl.indexContext(),
              Tdl.inputs(Tdl.encode(Long.class, 1L), Tdl.encode(Long.class, 2L)));
      assertEquals(3L, Tdl.singleOutput(executor.result(next).payload(), Long.class));
      // The executor's own debug line for the next task still reaches its log.
      assertTrue(
          executor.awaitStderr(ExecutorLogText.taskStart(next, SamplePackages.JAR_TASKS, "add")),
          executor::stderrText);
    }
  }

  @Test
  void aHangingShutdownHookCannotKeepTheExecutorAlive() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      executor.execute(PKG, "exit_with_hanging_hook", Tdl.indexContext(), Tdl.noInputs());
      assertTrue(executor.stdoutEnds(), "the protocol stream ends while the hooks run");
      assertEquals(ExitStatus.SHUTDOWN_HOOKS_HUNG.code(), executor.exitStatus());
      assertTrue(executor.awaitStderr(ExitEvidence.EXIT_OUTSIDE_EXECUTOR), executor::stderrText);
    }
  }

  @Test
  void aTasksOwnExitKeepsItsStatusAndIsLoggedAsSuch() throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      long status = SamplePackages.TASK_EXIT_STATUS;
      executor.execute(
          PKG, "exit_with_status", Tdl.indexContext(), Tdl.inputs(Tdl.encode(Long.class, status)));
      assertEquals(status, executor.exitStatus());
      assertTrue(executor.awaitStderr(ExitEvidence.EXIT_OUTSIDE_EXECUTOR), executor::stderrText);
      assertTrue(
          executor.stderrLines().stream().noneMatch(l -> l.contains(ExitEvidence.OUT_OF_MEMORY)),
          executor::stderrText);
    }
  }

  private static long readLength(ExecutorProcess executor, String task) throws Exception {
    Response.Result result = executor.call(PKG, task, Tdl.indexContext(), Tdl.noInputs());
    if (!result.success()) {
      fail(
          task
              + " failed: "
              + ExecutorProcess.error(result)
              + "; stderr:\n"
              + executor.stderrText());
    }
    return Tdl.singleOutput(result.payload(), Long.class);
  }

  private static void assertServes(ExecutorProcess executor) throws Exception {
    Response.Result next =
        executor.call(
            SamplePackages.JAR_TASKS,
            "add",
            Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(Long.class, 40L), Tdl.encode(Long.class, 2L)));
    assertEquals(42L, Tdl.singleOutput(next.payload(), Long.class));
  }
}
