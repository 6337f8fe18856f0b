package dev.spider.manager.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.FailureClass;
import dev.spider.manager.client.TaskFailure;
import dev.spider.manager.pool.CrashReport;
import dev.spider.manager.pool.Outcome;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.tdl.TdlError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure table: every outcome and executor error kind, and what the messages say. */
final class FailureClassifierTest {

  /** The environmental kinds of the table; every other kind is deterministic. */
  private static final Set<ErrorKind> ENVIRONMENTAL =
      EnumSet.of(ErrorKind.INTERRUPTED, ErrorKind.PACKAGE_INIT_ERROR);

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void everyExecutorErrorKindIsClassified(ErrorKind kind) {
    FailureClass expected =
        ENVIRONMENTAL.contains(kind) ? FailureClass.ENVIRONMENTAL : FailureClass.DETERMINISTIC;

    assertEquals(expected, FailureClassifier.classOf(kind));
    TaskFailure failure =
        FailureClassifier.classify(new Outcome.InTaskFailure(error(kind, "what went wrong"), 12));
    assertEquals(expected, failure.failureClass());
    assertTrue(
        failure.message().startsWith("in-task failure: " + kind.wireName() + ": "),
        failure.message());
  }

  private static ExecutorError error(ErrorKind kind, String message) {
    return kind == ErrorKind.TASK_ERROR
        ? ExecutorError.taskError(TdlError.custom(message))
        : ExecutorError.of(kind, message);
  }

  @Test
  void aTaskErrorNamesTheTdlErrorAndItsMessage() {
    TaskFailure failure =
        FailureClassifier.classify(
            new Outcome.InTaskFailure(
                ExecutorError.taskError(TdlError.executionError("negative input")), 3));

    assertEquals(
        TaskFailure.deterministic("in-task failure: TaskError: ExecutionError: negative input"),
        failure);
  }

  @Test
  void aTimeoutIsEnvironmentalAndStatesItsValue() {
    TaskFailure failure = FailureClassifier.classify(new Outcome.Timeout(Duration.ofMillis(1500)));

    assertEquals(FailureClass.ENVIRONMENTAL, failure.failureClass());
    assertTrue(failure.message().startsWith("timeout: "), failure.message());
    assertEquals("timeout: hard timeout of 1500 ms passed", failure.message());
    assertEquals(
        "timeout: hard timeout of 5 s passed",
        FailureClassifier.classify(new Outcome.Timeout(Duration.ofSeconds(5))).message());
  }

  @Test
  void aCrashIsEnvironmentalAndStatesItsExitStatus() {
    TaskFailure failure =
        FailureClassifier.classify(
            new Outcome.ExecutorCrash(
                crash(OptionalInt.of(3), OptionalInt.empty(), Optional.empty())));

    assertEquals(FailureClass.ENVIRONMENTAL, failure.failureClass());
    assertTrue(failure.message().startsWith("executor crash: "), failure.message());
    assertTrue(failure.message().contains("exit status 3"), failure.message());
  }

  @Test
  void aCrashBySignalStatesTheSignalAndTheCrashLog() {
    TaskFailure failure =
        FailureClassifier.classify(
            new Outcome.ExecutorCrash(
                crash(
                    OptionalInt.empty(),
                    OptionalInt.of(6),
                    Optional.of(Path.of("/tmp/hs_err_pid77.log")))));

    assertTrue(failure.message().contains("signal 6"), failure.message());
    assertTrue(failure.message().contains("/tmp/hs_err_pid77.log"), failure.message());
  }

  @Test
  void aSuccessIsNotAFailure() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FailureClassifier.classify(new Outcome.Success(new byte[4], 1)));
  }

  @Test
  void aLostExecutorIsEnvironmentalAndSaysWhy() {
    assertEquals(
        TaskFailure.environmental("executor lost: no executor can be started"),
        FailureClassifier.executorLost("no executor can be started"));
  }

  private static CrashReport crash(
      OptionalInt exitStatus, OptionalInt signal, Optional<Path> crashLog) {
    return new CrashReport(
        "executor-3", 77, "process exited", exitStatus, signal, List.of("last line"), crashLog);
  }
}
