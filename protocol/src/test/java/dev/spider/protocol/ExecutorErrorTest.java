package dev.spider.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TdlError;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class ExecutorErrorTest {

  @Test
  void aTaskErrorWithoutItsTdlErrorIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ExecutorError(ErrorKind.TASK_ERROR, "m", Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> ExecutorError.of(ErrorKind.TASK_ERROR, "m"));
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"TASK_ERROR", "PACKAGE_INIT_ERROR"},
      mode = EnumSource.Mode.EXCLUDE)
  void onlyTaskAndInitErrorsCarryATdlError(ErrorKind kind) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ExecutorError(kind, "m", Optional.of(TdlError.custom("x"))));
    assertTrue(e.getMessage().contains(kind.wireName()), e.getMessage());
  }

  @Test
  void aPackageInitErrorMayOrMayNotCarryATdlError() {
    TdlError tdl = TdlError.custom("x");
    assertSame(
        tdl,
        new ExecutorError(ErrorKind.PACKAGE_INIT_ERROR, "m", Optional.of(tdl))
            .tdlError()
            .orElseThrow());
    assertTrue(ExecutorError.of(ErrorKind.PACKAGE_INIT_ERROR, "m").tdlError().isEmpty());
  }

  @Test
  void messagesAreMadeOneLine() {
    ExecutorError error = ExecutorError.of(ErrorKind.UNCAUGHT_EXCEPTION, "a\nb\r\nc\rd\n");
    assertEquals("a b c d ", error.message());
    assertEquals("UncaughtException: a b c d ", error.toString());
  }

  @Test
  void taskErrorNamesTheVariantAndKeepsTheTdlError() {
    TdlError tdl = TdlError.deserializationError("input 0:\nnot an int");
    ExecutorError error = ExecutorError.taskError(tdl);
    assertEquals(ErrorKind.TASK_ERROR, error.kind());
    assertEquals("DeserializationError: input 0: not an int", error.message());
    assertSame(tdl, error.tdlError().orElseThrow());
  }

  @Test
  void nullsAreRejected() {
    assertThrows(NullPointerException.class, () -> ExecutorError.of(null, "m"));
    assertThrows(
        NullPointerException.class, () -> ExecutorError.of(ErrorKind.INVALID_REQUEST, null));
    assertThrows(
        NullPointerException.class, () -> new ExecutorError(ErrorKind.INVALID_REQUEST, "m", null));
  }

  @Test
  void aFailureCarriesItsErrorAndSaysIt() {
    ExecutorFailure failure = new ExecutorFailure(ErrorKind.PACKAGE_NOT_FOUND, "no\npkg");
    assertEquals(ExecutorError.of(ErrorKind.PACKAGE_NOT_FOUND, "no pkg"), failure.error());
    assertEquals("PackageNotFound: no pkg", failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void wireNamesRoundTrip(ErrorKind kind) {
    assertEquals(Optional.of(kind), ErrorKind.fromWireName(kind.wireName()));
  }

  @Test
  void wireNamesAreTheSpecifiedOnes() {
    assertEquals("InvalidRequest", ErrorKind.INVALID_REQUEST.wireName());
    assertEquals(
        "ErrorPayloadDeserializationFailure",
        ErrorKind.ERROR_PAYLOAD_DESERIALIZATION_FAILURE.wireName());
    assertEquals("InvalidUtf8", ErrorKind.INVALID_UTF8.wireName());
    assertEquals(Optional.empty(), ErrorKind.fromWireName("invalidrequest"));
  }
}
