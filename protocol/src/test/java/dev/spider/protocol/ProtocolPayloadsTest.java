package dev.spider.protocol;

import static dev.spider.protocol.Msgpack.concat;
import static dev.spider.protocol.Msgpack.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

/** The failure payload ({@link ExecutorError}) and the Describe payload ({@link PackageDescription}). */
final class ProtocolPayloadsTest {

  @ParameterizedTest
  @EnumSource(value = ErrorKind.class, names = "TASK_ERROR", mode = EnumSource.Mode.EXCLUDE)
  void errorWithoutTdlErrorRoundTrips(ErrorKind kind) throws Exception {
    ExecutorError error = ExecutorError.of(kind, "something about " + kind);

    byte[] payload = ProtocolCodec.encodeError(error);

    assertEquals(Set.of("kind", "message"), keys(payload));
    assertEquals(error, ProtocolCodec.decodeError(payload));
  }

  @Test
  void taskErrorRoundTrips() throws Exception {
    TdlError tdl = TdlError.executionError("division by zero\nat line 3");
    ExecutorError error = ExecutorError.taskError(tdl);

    byte[] payload = ProtocolCodec.encodeError(error);
    ExecutorError decoded = ProtocolCodec.decodeError(payload);

    assertEquals(Set.of("kind", "message", "tdl_error"), keys(payload));
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
        new ExecutorError(ErrorKind.PACKAGE_INIT_ERROR, "init failed", Optional.of(new TdlError(tdlKind, "m")));

    ExecutorError decoded = ProtocolCodec.decodeError(ProtocolCodec.encodeError(error));

    assertEquals(ErrorKind.PACKAGE_INIT_ERROR, decoded.kind());
    assertEquals("init failed", decoded.message());
    assertEquals(tdlKind, decoded.tdlError().orElseThrow().kind());
    assertEquals("m", decoded.tdlError().orElseThrow().getMessage());
  }

  @Test
  void keysInAnyOrder() throws Exception {
    byte[] reversed =
        pack(p -> p.packMapHeader(3)
            .packString("tdl_error").packMapHeader(2)
            .packString("message").packString("no such task")
            .packString("kind").packString("TaskNotFound")
            .packString("message").packString("TaskNotFound: no such task")
            .packString("kind").packString("TaskError"));

    ExecutorError decoded = ProtocolCodec.decodeError(reversed);

    assertEquals(ErrorKind.TASK_ERROR, decoded.kind());
    assertEquals("TaskNotFound: no such task", decoded.message());
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, decoded.tdlError().orElseThrow().kind());
    assertEquals("no such task", decoded.tdlError().orElseThrow().getMessage());
  }

  @Test
  void nilTdlErrorMeansNone() throws Exception {
    byte[] payload =
        pack(p -> p.packMapHeader(3)
            .packString("message").packString("m")
            .packString("tdl_error").packNil()
            .packString("kind").packString("PackageNotFound"));
    assertEquals(ExecutorError.of(ErrorKind.PACKAGE_NOT_FOUND, "m"), ProtocolCodec.decodeError(payload));
  }

  @Test
  void unknownKindIsRefused() {
    byte[] payload =
        pack(p -> p.packMapHeader(2).packString("kind").packString("Oops").packString("message").packString("m"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeError(payload));
    assertTrue(e.getMessage().contains("Oops"), e.getMessage());
  }

  @Test
  void malformedFailurePayloads() {
    byte[][] payloads = {
      pack(p -> p.packArrayHeader(0)),
      pack(p -> p.packMapHeader(1).packString("kind").packString("InvalidRequest")),
      pack(p -> p.packMapHeader(1).packString("message").packString("m")),
      pack(p -> p.packMapHeader(2).packString("kind").packInt(1).packString("message").packString("m")),
      // A TaskError must carry its TdlError; an InvalidRequest must not.
      pack(p -> p.packMapHeader(2).packString("kind").packString("TaskError").packString("message").packString("m")),
      pack(p -> p.packMapHeader(3).packString("kind").packString("InvalidRequest").packString("message")
          .packString("m").packString("tdl_error").packMapHeader(2).packString("kind").packString("Custom")
          .packString("message").packString("x")),
      // Unknown TdlError variant; tdl_error not a map.
      pack(p -> p.packMapHeader(3).packString("kind").packString("TaskError").packString("message")
          .packString("m").packString("tdl_error").packMapHeader(2).packString("kind").packString("Nope")
          .packString("message").packString("x")),
      pack(p -> p.packMapHeader(3).packString("kind").packString("TaskError").packString("message")
          .packString("m").packString("tdl_error").packString("Custom")),
      concat(ProtocolCodec.encodeError(ExecutorError.of(ErrorKind.INTERRUPTED, "m")), (byte) 0xc0),
      {(byte) 0xc1},
    };
    for (byte[] payload : payloads) {
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeError(payload));
    }
  }

  @Test
  void jarDescriptionRoundTrips() throws Exception {
    PackageDescription d =
        new PackageDescription("integration_test_tasks", PackageDescription.Kind.JAR, new Version(0, 1, 7),
            List.of("add", "echo", "sum_list"));

    byte[] payload = ProtocolCodec.encodeDescription(d);

    assertEquals(Set.of("name", "kind", "tdl_version", "tasks"), keys(payload));
    assertEquals(d, ProtocolCodec.decodeDescription(payload));
  }

  @Test
  void nativeDescriptionRoundTrips() throws Exception {
    PackageDescription d =
        new PackageDescription("native_test_tasks", PackageDescription.Kind.NATIVE, Version.CURRENT, List.of());
    assertEquals(d, ProtocolCodec.decodeDescription(ProtocolCodec.encodeDescription(d)));
  }

  @Test
  void descriptionKeysInAnyOrder() throws Exception {
    byte[] payload =
        pack(p -> p.packMapHeader(4)
            .packString("tasks").packArrayHeader(1).packString("t")
            .packString("tdl_version").packArrayHeader(3).packInt(0).packInt(1).packInt(2)
            .packString("kind").packString("jar")
            .packString("name").packString("p"));
    assertEquals(
        new PackageDescription("p", PackageDescription.Kind.JAR, new Version(0, 1, 2), List.of("t")),
        ProtocolCodec.decodeDescription(payload));
  }

  @Test
  void malformedDescriptions() {
    BigInteger twoPow31 = BigInteger.ONE.shiftLeft(31);
    byte[][] payloads = {
      pack(p -> p.packMapHeader(4).packString("name").packString("p").packString("kind").packString("python")
          .packString("tdl_version").packArrayHeader(3).packInt(0).packInt(1).packInt(0)
          .packString("tasks").packArrayHeader(0)),
      pack(p -> p.packMapHeader(3).packString("name").packString("p").packString("kind").packString("jar")
          .packString("tdl_version").packArrayHeader(3).packInt(0).packInt(1).packInt(0)),
      pack(p -> p.packMapHeader(4).packString("name").packString("p").packString("kind").packString("jar")
          .packString("tdl_version").packArrayHeader(2).packInt(0).packInt(1)
          .packString("tasks").packArrayHeader(0)),
      pack(p -> p.packMapHeader(4).packString("name").packString("p").packString("kind").packString("jar")
          .packString("tdl_version").packArrayHeader(3).packInt(0).packInt(1).packInt(0)
          .packString("tasks").packArrayHeader(1).packInt(3)),
      // A version component that does not fit an int is malformed, not an IllegalArgumentException.
      pack(p -> p.packMapHeader(4).packString("name").packString("p").packString("kind").packString("jar")
          .packString("tdl_version").packArrayHeader(3).packBigInteger(twoPow31).packInt(1).packInt(0)
          .packString("tasks").packArrayHeader(0)),
      pack(p -> p.packString("p")),
    };
    for (byte[] payload : payloads) {
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeDescription(payload));
    }
  }

  private static Set<String> keys(byte[] payload) throws Exception {
    try (var u = MessagePack.newDefaultUnpacker(payload)) {
      return u.unpackValue().asMapValue().keySet().stream()
          .map(Value::asStringValue)
          .map(Object::toString)
          .collect(Collectors.toSet());
    }
  }
}
