package dev.spider.tdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.codec.CodecException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TdlErrorTest {

  private static void assertDecodeError(String hex, String... parts) {
    CodecException e = assertThrows(CodecException.class, () -> TdlError.decode(Hex.bytes(hex)));
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part),
          () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
  }

  @ParameterizedTest
  @EnumSource(TdlError.Kind.class)
  void everyKindRoundTrips(TdlError.Kind kind) throws CodecException {
    TdlError error = new TdlError(kind, "went wrong: ünïcödé");
    byte[] bytes = error.encode();
    TdlError decoded = TdlError.decode(bytes);
    assertEquals(kind, decoded.kind());
    assertEquals("went wrong: ünïcödé", decoded.getMessage());
    // the golden vector of each kind, message "msg"
    assertEquals(
        Hex.of(GoldenVectors.named("tdl_error/" + kind.variantName()).bytes()),
        Hex.of(new TdlError(kind, "msg").encode()));
  }

  @Test
  void theWireFormIsAOneEntryMapFromVariantNameToMessage() {
    assertEquals(
        "81 ae457865637574696f6e4572726f72 a16d".replace(" ", ""),
        Hex.of(TdlError.executionError("m").encode()));
    assertEquals("81 a6437573746f6d a0".replace(" ", ""), Hex.of(TdlError.custom("").encode()));
  }

  @Test
  void factoriesGiveTheirKinds() {
    assertEquals(TdlError.Kind.EXECUTION_ERROR, TdlError.executionError("x").kind());
    assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, TdlError.deserializationError("x").kind());
    assertEquals(TdlError.Kind.SERIALIZATION_ERROR, TdlError.serializationError("x").kind());
    assertEquals(TdlError.Kind.TASK_NOT_FOUND, TdlError.taskNotFound("x").kind());
    assertEquals(TdlError.Kind.INVALID_TASK_CONTEXT, TdlError.invalidTaskContext("x").kind());
    assertEquals(TdlError.Kind.CUSTOM, TdlError.custom("x").kind());
    assertEquals("no_such_task", TdlError.taskNotFound("no_such_task").getMessage());
  }

  @Test
  void causeAndToString() {
    RuntimeException cause = new RuntimeException("root");
    TdlError error = new TdlError(TdlError.Kind.CUSTOM, "outer", cause);
    assertSame(cause, error.getCause());
    assertEquals("Custom: outer", error.toString());
  }

  @Test
  void fromVariantName() {
    for (TdlError.Kind kind : TdlError.Kind.values()) {
      assertEquals(Optional.of(kind), TdlError.Kind.fromVariantName(kind.variantName()));
    }
    assertEquals(
        Optional.of(TdlError.Kind.TASK_NOT_FOUND), TdlError.Kind.fromVariantName("TaskNotFound"));
    assertEquals(Optional.empty(), TdlError.Kind.fromVariantName("CUSTOM"));
    assertEquals(Optional.empty(), TdlError.Kind.fromVariantName("custom"));
    assertEquals(Optional.empty(), TdlError.Kind.fromVariantName("TASK_NOT_FOUND"));
    assertEquals(Optional.empty(), TdlError.Kind.fromVariantName(""));
  }

  @Test
  void aTwoEntryMapIsRefused() {
    assertDecodeError("82 a6437573746f6d a161 a6437573746f6d a162", "one-entry map", "map of 2");
    assertDecodeError("80", "one-entry map", "map of 0");
  }

  @Test
  void anUnknownVariantIsRefused() {
    assertDecodeError("81 a5426f677573 a16d", "unknown TdlError variant 'Bogus'");
  }

  @Test
  void notAMapIsRefused() {
    assertDecodeError("a6437573746f6d", "one-entry map", "string");
    assertDecodeError("92 a6437573746f6d a16d", "one-entry map", "array");
  }

  @Test
  void aNonStringMessageIsRefused() {
    assertDecodeError("81 a6437573746f6d 05", "TdlError message", "integer");
    assertDecodeError("81 05 a16d", "TdlError variant", "integer");
  }

  @Test
  void truncatedTrailingAndEmptyAreRefused() {
    assertDecodeError("81 a6437573746f6d a5616263", "truncated");
    assertDecodeError("81 a6437573746f6d a16d c0", "trailing");
    assertDecodeError("", "empty buffer");
  }
}
