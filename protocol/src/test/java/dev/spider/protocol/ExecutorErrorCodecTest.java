package dev.spider.protocol;

import static dev.spider.protocol.TestBytes.concat;
import static dev.spider.protocol.TestBytes.mapKeys;
import static dev.spider.protocol.TestBytes.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TdlError;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ExecutorErrorCodec}: the failure payload of a Result ({@link ExecutorError}). */
final class ExecutorErrorCodecTest {

  @ParameterizedTest
  @EnumSource(value = ErrorKind.class, names = "TASK_ERROR", mode = EnumSource.Mode.EXCLUDE)
  void errorWithoutTdlErrorRoundTrips(ErrorKind kind) throws Exception {
    ExecutorError error = ExecutorError.of(kind, "something about " + kind);

    byte[] payload = ExecutorErrorCodec.encode(error);

    assertEquals(Set.of("kind", "message"), mapKeys(payload));
    assertEquals(error, ExecutorErrorCodec.decode(payload));
  }

  @Test
  void taskErrorRoundTrips() throws Exception {
    TdlError tdl = TdlError.executionError("division by zero\nat line 3");
    ExecutorError error = ExecutorError.taskError(tdl);

    byte[] payload = ExecutorErrorCodec.encode(error);
    ExecutorError decoded = ExecutorErrorCodec.decode(payload);

    assertEquals(Set.of("kind", "message", "tdl_error"), mapKeys(payload));
    assertEquals(ErrorKind.TASK_ERROR, decoded.kind());
    assertEquals("ExecutionError: division by zero at line 3", decoded.message());
    TdlError decodedTdl = decoded.tdlError().orElseThrow();
    assertEquals(TdlError.Kind.EXECUTION_ERROR, decodedTdl.kind());
    // The task's own message is carried unchanged, line break included.
    assertEquals("division by zero\nat line 3", decodedTdl.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TdlError.Kind.class)
  void packageInitErrorWithEachTdlErrorKindRoundTrips(TdlError.Kind tdlKind) throws Exception {
    ExecutorError error =
        new ExecutorError(
            ErrorKind.PACKAGE_INIT_ERROR, "init failed", Optional.of(new TdlError(tdlKind, "m")));

    ExecutorError decoded = ExecutorErrorCodec.decode(ExecutorErrorCodec.encode(error));

    assertEquals(ErrorKind.PACKAGE_INIT_ERROR, decoded.kind());
    assertEquals("init failed", decoded.message());
    assertEquals(tdlKind, decoded.tdlError().orElseThrow().kind());
    assertEquals("m", decoded.tdlError().orElseThrow().getMessage());
  }

  @Test
  void keysInAnyOrder() throws Exception {
    byte[] reversed =
        pack(
            p ->
                p.packMapHeader(3)
                    .packString("tdl_error")
                    .packMapHeader(2)
                    .packString("message")
                    .packString("no such task")
                    .packString("kind")
                    .packString("TaskNotFound")
                    .packString("message")
                    .packString("TaskNotFound: no such task")
                    .packString("kind")
                    .packString("TaskError"));

    ExecutorError decoded = ExecutorErrorCodec.decode(reversed);

    assertEquals(ErrorKind.TASK_ERROR, decoded.kind());
    assertEquals("TaskNotFound: no such task", decoded.message());
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, decoded.tdlError().orElseThrow().kind());
    assertEquals("no such task", decoded.tdlError().orElseThrow().getMessage());
  }

  @Test
  void nilTdlErrorMeansNone() throws Exception {
    byte[] payload =
        pack(
            p ->
                p.packMapHeader(3)
                    .packString("message")
                    .packString("m")
                    .packString("tdl_error")
                    .packNil()
                    .packString("kind")
                    .packString("PackageNotFound"));
    assertEquals(
        ExecutorError.of(ErrorKind.PACKAGE_NOT_FOUND, "m"), ExecutorErrorCodec.decode(payload));
  }

  @Test
  void unknownKindIsRefused() {
    byte[] payload =
        pack(
            p ->
                p.packMapHeader(2)
                    .packString("kind")
                    .packString("Oops")
                    .packString("message")
                    .packString("m"));
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> ExecutorErrorCodec.decode(payload));
    assertTrue(e.getMessage().contains("Oops"), e.getMessage());
  }

  @Test
  void malformedFailurePayloads() {
    byte[][] payloads = {
      pack(p -> p.packArrayHeader(0)),
      pack(p -> p.packMapHeader(1).packString("kind").packString("InvalidRequest")),
      pack(p -> p.packMapHeader(1).packString("message").packString("m")),
      pack(
          p ->
              p.packMapHeader(2)
                  .packString("kind")
                  .packInt(1)
                  .packString("message")
                  .packString("m")),
      // A TaskError must carry its TdlError; an InvalidRequest must not.
      pack(
          p ->
              p.packMapHeader(2)
                  .packString("kind")
                  .packString("TaskError")
                  .packString("message")
                  .packString("m")),
      pack(
          p ->
              p.packMapHeader(3)
                  .packString("kind")
                  .packString("InvalidRequest")
                  .packString("message")
                  .packString("m")
                  .packString("tdl_error")
                  .packMapHeader(2)
                  .packString("kind")
                  .packString("Custom")
                  .packString("message")
                  .packString("x")),
      // Unknown TdlError variant; tdl_error not a map.
      pack(
          p ->
              p.packMapHeader(3)
                  .packString("kind")
                  .packString("TaskError")
                  .packString("message")
                  .packString("m")
                  .packString("tdl_error")
                  .packMapHeader(2)
                  .packString("kind")
                  .packString("Nope")
                  .packString("message")
                  .packString("x")),
      pack(
          p ->
              p.packMapHeader(3)
                  .packString("kind")
                  .packString("TaskError")
                  .packString("message")
                  .packString("m")
                  .packString("tdl_error")
                  .packString("Custom")),
      concat(ExecutorErrorCodec.encode(ExecutorError.of(ErrorKind.INTERRUPTED, "m")), (byte) 0xc0),
      {(byte) 0xc1},
    };
    for (byte[] payload : payloads) {
      assertThrows(ProtocolException.class, () -> ExecutorErrorCodec.decode(payload));
    }
  }
}
