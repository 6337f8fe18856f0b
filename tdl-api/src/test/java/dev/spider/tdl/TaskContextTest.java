package dev.spider.tdl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TaskContextTest {

  private static final String U64_MAX = "18446744073709551615";

  /** Serialized task outputs of [rmp(3i64), rmp(-3i64)], plain. */
  private static final byte[] OUTPUTS_3_MINUS_3 = Hex.bytes("00 02000000 01000000 03 01000000 fd");

  private static TdlError assertTdlError(TdlError.Kind kind, Executable call, String... parts) {
    TdlError e = assertThrows(TdlError.class, call);
    assertEquals(kind, e.kind(), () -> "kind of " + e);
    assertMessageHas(e, parts);
    return e;
  }

  private static CodecException assertDecodeError(String hex, String... parts) {
    CodecException e = assertThrows(CodecException.class, () -> TaskContext.decode(Hex.bytes(hex)));
    assertMessageHas(e, parts);
    return e;
  }

  private static void assertMessageHas(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part),
          () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
  }

  // ---- building -------------------------------------------------------------------------------

  @Test
  void outputsOnAGraphTaskAreAnInvalidContext() {
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        () -> TaskContext.of(7, TaskId.index(4), 1, 2, Optional.of(OUTPUTS_3_MINUS_3)),
        "Index(4)",
        "job 7",
        "must not carry task-graph outputs");
  }

  @Test
  void outputsOnTheCleanupTaskAreAnInvalidContext() {
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        () -> TaskContext.of(7, TaskId.CLEANUP, 1, 2, Optional.of(OUTPUTS_3_MINUS_3)),
        "Cleanup",
        "must not carry");
  }

  @Test
  void aCommitTaskWithoutOutputsIsAnInvalidContext() {
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        () -> TaskContext.of(-1L, TaskId.COMMIT, 1, 2),
        "commit task of job " + U64_MAX,
        "needs task-graph outputs");
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        () -> TaskContext.of(3, TaskId.COMMIT, 1, 2, Optional.empty()),
        "needs task-graph outputs");
  }

  @Test
  void aCommitContextCarriesItsOutputs() throws Exception {
    TaskContext viaForCommit = TaskContext.forCommit(1, 13, 2, OUTPUTS_3_MINUS_3);
    TaskContext viaOf = TaskContext.of(1, TaskId.COMMIT, 13, 2, Optional.of(OUTPUTS_3_MINUS_3));
    assertEquals(viaForCommit, viaOf);
    assertEquals(viaForCommit.hashCode(), viaOf.hashCode());
    assertEquals(TaskId.COMMIT, viaForCommit.taskId());
    assertArrayEquals(OUTPUTS_3_MINUS_3, viaForCommit.serializedTaskGraphOutputs().orElseThrow());
    assertArrayEquals(
        GoldenVectors.named("task_context/commit_outputs_3_minus_3").bytes(),
        viaForCommit.encode());
  }

  @Test
  void graphAndCleanupTasksWithoutOutputsAreValid() throws Exception {
    TaskContext index = TaskContext.of(1, TaskId.index(0), 13, 2);
    assertEquals(1, index.jobId());
    assertEquals(TaskId.index(0), index.taskId());
    assertEquals(13, index.taskInstanceId());
    assertEquals(2, index.resourceGroupId());
    assertEquals(Optional.empty(), index.serializedTaskGraphOutputs());
    assertArrayEquals(GoldenVectors.named("task_context/index_0").bytes(), index.encode());

    TaskContext cleanup = TaskContext.of(1, TaskId.CLEANUP, 13, 2, Optional.empty());
    assertEquals(TaskId.CLEANUP, cleanup.taskId());
    assertArrayEquals(GoldenVectors.named("task_context/cleanup").bytes(), cleanup.encode());
  }

  @Test
  void theContextKeepsItsOwnCopyOfTheOutputs() throws Exception {
    byte[] outputs = OUTPUTS_3_MINUS_3.clone();
    TaskContext context = TaskContext.forCommit(1, 13, 2, outputs);
    outputs[0] = 9;
    context.serializedTaskGraphOutputs().orElseThrow()[0] = 9;
    assertArrayEquals(OUTPUTS_3_MINUS_3, context.serializedTaskGraphOutputs().orElseThrow());
    assertEquals(List.of(3L, -3L), context.taskGraphOutputs(Long.class));
  }

  // ---- decoding does not re-check -------------------------------------------------------------

  @Test
  void aCommitContextWithoutOutputsDecodes() throws Exception {
    byte[] bytes = GoldenVectors.named("task_context/commit_none").bytes();
    TaskContext context = TaskContext.decode(bytes);
    assertEquals(TaskId.COMMIT, context.taskId());
    assertEquals(Optional.empty(), context.serializedTaskGraphOutputs());
    assertArrayEquals(bytes, context.encode());
    // ... and the commit task then fails on its own terms.
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        context::taskGraphOutputs,
        "Commit",
        "no task-graph outputs");
  }

  @Test
  void anIndexContextWithOutputsDecodes() throws Exception {
    String hex = "95 01 81a5496e646578 00 0d 02 9a 00 01000000 01000000 03";
    TaskContext context = TaskContext.decode(Hex.bytes(hex));
    assertEquals(TaskId.index(0), context.taskId());
    assertArrayEquals(
        Hex.bytes("00 01000000 01000000 03"), context.serializedTaskGraphOutputs().orElseThrow());
    assertEquals(hex.replace(" ", ""), Hex.of(context.encode()));
    assertEquals(List.of(3L), context.taskGraphOutputs(Long.class));
  }

  @Test
  void outputsWrittenAsBinDecodeToo() throws Exception {
    TaskContext context =
        TaskContext.decode(Hex.bytes("95 01 a6436f6d6d6974 0d 02 c4 05 0000000000"));
    assertEquals(List.of(), context.taskGraphOutputs());
    // re-encoded as the array form a Rust package requires
    assertEquals("9501a6436f6d6d69740d02950000000000", Hex.of(context.encode()));
  }

  // ---- unsigned ids ---------------------------------------------------------------------------

  @Test
  void u64MaxIdsRoundTripAsMinusOne() throws Exception {
    TaskContext context = TaskContext.of(-1L, TaskId.index(-1L), -1L, -1L);
    byte[] bytes = context.encode();
    String max = "cf ffffffffffffffff";
    assertEquals(
        ("95 " + max + " 81a5496e646578 " + max + " " + max + " " + max + " c0").replace(" ", ""),
        Hex.of(bytes));
    assertArrayEquals(GoldenVectors.named("task_context/u64_max_ids").bytes(), bytes);
    TaskContext decoded = TaskContext.decode(bytes);
    assertEquals(context, decoded);
    assertEquals(-1L, decoded.jobId());
    assertEquals(-1L, ((TaskId.Index) decoded.taskId()).index());
    assertEquals(-1L, decoded.taskInstanceId());
    assertEquals(-1L, decoded.resourceGroupId());
  }

  @Test
  void idsAboveLongMaxAreKeptBitForBit() throws Exception {
    long above = Long.MIN_VALUE; // 2^63 as u64
    TaskContext context = TaskContext.of(above, TaskId.index(above + 1), above + 2, 5);
    assertEquals("95cf8000000000000000", Hex.of(context.encode()).substring(0, 20));
    assertEquals(context, TaskContext.decode(context.encode()));
  }

  @Test
  void toStringPrintsIdsUnsigned() throws Exception {
    String text = TaskContext.of(-1L, TaskId.index(-1L), -1L, -1L).toString();
    assertEquals(
        "TaskContext{job="
            + U64_MAX
            + ", task=Index("
            + U64_MAX
            + "), instance="
            + U64_MAX
            + ", resourceGroup="
            + U64_MAX
            + "}",
        text);
    assertFalse(text.contains("-1"));
    assertTrue(
        TaskContext.forCommit(1, 2, 3, OUTPUTS_3_MINUS_3)
            .toString()
            .contains("taskGraphOutputs=15 bytes"));
  }

  @Test
  void equalityCoversEveryField() throws Exception {
    TaskContext base = TaskContext.of(1, TaskId.index(0), 2, 3);
    assertEquals(base, TaskContext.of(1, TaskId.index(0), 2, 3));
    assertNotEquals(base, TaskContext.of(9, TaskId.index(0), 2, 3));
    assertNotEquals(base, TaskContext.of(1, TaskId.index(1), 2, 3));
    assertNotEquals(base, TaskContext.of(1, TaskId.CLEANUP, 2, 3));
    assertNotEquals(base, TaskContext.of(1, TaskId.index(0), 9, 3));
    assertNotEquals(base, TaskContext.of(1, TaskId.index(0), 2, 9));
    assertNotEquals(
        TaskContext.forCommit(1, 2, 3, OUTPUTS_3_MINUS_3),
        TaskContext.forCommit(1, 2, 3, Hex.bytes("00 00000000")));
  }

  // ---- task-graph outputs ---------------------------------------------------------------------

  @Test
  void taskGraphOutputsOfANonCommitContextAreAnInvalidContext() throws Exception {
    TaskContext context = TaskContext.of(1, TaskId.index(3), 2, 3);
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT,
        context::taskGraphOutputs,
        "Index(3)",
        "only the commit task");
    assertTdlError(
        TdlError.Kind.INVALID_TASK_CONTEXT, () -> context.taskGraphOutputs(Long.class), "Index(3)");
  }

  @Test
  void malformedOutputsAreADeserializationError() {
    TaskContext unknownOption = TaskContext.forCommit(1, 2, 3, Hex.bytes("07 00000000"));
    TdlError e =
        assertTdlError(
            TdlError.Kind.DESERIALIZATION_ERROR,
            unknownOption::taskGraphOutputs,
            "task-graph outputs",
            "unknown option byte 7");
    assertInstanceOf(CodecException.class, e.getCause());
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> TaskContext.forCommit(1, 2, 3, new byte[0]).taskGraphOutputs(),
        "empty buffer");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () ->
            TaskContext.forCommit(1, 2, 3, Hex.bytes("00 02000000 01000000 03 01000000"))
                .taskGraphOutputs(Long.class),
        "task-graph outputs",
        "payload 1 of 2",
        "declares 1 bytes but only 0 remain");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> TaskContext.forCommit(1, 2, 3, Hex.bytes("01 00112233")).taskGraphOutputs(),
        "corrupt zstd");
  }

  @Test
  void anOutputOfTheWrongTypeNamesTheOutput() {
    byte[] outputs = SerializedTaskOutputs.encode(List.of(Hex.bytes("03"), Hex.bytes("a161")));
    TaskContext context = TaskContext.forCommit(1, 2, 3, outputs);
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> context.taskGraphOutputs(Long.class),
        "task-graph output 1 as Long",
        "expected an integer");
  }

  @Test
  void typedOutputsFromPlainOutputs() throws Exception {
    TaskContext context = TaskContext.forCommit(1, 2, 3, OUTPUTS_3_MINUS_3);
    assertEquals(List.of(3L, -3L), context.taskGraphOutputs(Long.class));
    List<byte[]> raw = context.taskGraphOutputs();
    assertArrayEquals(Hex.bytes("03"), raw.get(0));
    assertArrayEquals(Hex.bytes("fd"), raw.get(1));
  }

  @Test
  void typedOutputsFromZstdCompressedOutputs() throws Exception {
    TdlCodec<Long> codec = TdlCodec.of(Long.class);
    List<byte[]> payloads = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      long value = i * i - 1000;
      values.add(value);
      payloads.add(codec.encode(value));
    }
    byte[] outputs = SerializedTaskOutputs.encode(payloads);
    assertEquals(1, outputs[0], "compressed");
    TaskContext context = TaskContext.forCommit(1, 2, 3, outputs);
    assertEquals(values, context.taskGraphOutputs(Long.class));
    assertEquals(400, context.taskGraphOutputs().size());
    // and through the wire: the compressed buffer survives encode/decode of the context
    assertEquals(values, TaskContext.decode(context.encode()).taskGraphOutputs(Long.class));
  }

  @Test
  void typedOutputsFromTheGoldenZstdVector() throws Exception {
    byte[] outputs = GoldenVectors.named("raw_task_graph_outputs/zstd_two_payloads").bytes();
    TaskContext context = TaskContext.forCommit(1, 2, 3, outputs);
    assertEquals(2, context.taskGraphOutputs().size());
    assertEquals(
        "spider-".repeat(100), TdlCodec.of(String.class).decode(context.taskGraphOutputs().get(0)));
  }

  // ---- decode errors name the field -----------------------------------------------------------

  @Test
  void aNegativeJobIdIsRefusedNamingTheField() {
    assertDecodeError("95 ff 81a5496e646578 00 0d 02 c0", "TaskContext.job_id", "unsigned", "-1");
  }

  @Test
  void otherNegativeIdsAreRefusedNamingTheirFields() {
    assertDecodeError("95 01 81a5496e646578 ff 0d 02 c0", "TaskId.Index", "-1");
    assertDecodeError("95 01 81a5496e646578 00 d0df 02 c0", "TaskContext.task_instance_id", "-33");
    assertDecodeError("95 01 81a5496e646578 00 0d e0 c0", "TaskContext.resource_group_id", "-32");
  }

  @Test
  void aNonIntegerIdIsRefusedNamingTheField() {
    assertDecodeError("95 a161 81a5496e646578 00 0d 02 c0", "TaskContext.job_id", "string");
  }

  @Test
  void aFourFieldArrayIsRefused() {
    assertDecodeError("94 01 a6436f6d6d6974 0d 02", "TaskContext", "5 fields", "found 4");
    assertDecodeError("96 01 a6436f6d6d6974 0d 02 c0 c0", "5 fields", "found 6");
  }

  @Test
  void notAnArrayIsRefused() {
    assertDecodeError("81 a161 01", "TaskContext", "expected array", "map");
  }

  @Test
  void anUnknownTaskIdVariantIsRefused() {
    assertDecodeError("95 01 a5426f677573 0d 02 c0", "TaskId", "unknown unit variant 'Bogus'");
    assertDecodeError("95 01 81a3466f6f 00 0d 02 c0", "TaskId", "unknown variant 'Foo'");
    assertDecodeError(
        "95 01 82a5496e646578 00 a5496e646578 01 0d 02 c0", "one-entry map", "2 entries");
    assertDecodeError("95 01 07 0d 02 c0", "TaskId", "integer");
  }

  @Test
  void malformedOutputsFieldIsRefusedNamingTheField() {
    assertDecodeError("95 01 a6436f6d6d6974 0d 02 a161", "serialized_task_graph_outputs", "string");
    assertDecodeError(
        "95 01 a6436f6d6d6974 0d 02 91 cd0100", "serialized_task_graph_outputs", "256");
    assertDecodeError("95 01 a6436f6d6d6974 0d 02 dd ffffffff", "TaskContext");
    assertDecodeError("95 01 a6436f6d6d6974 0d 02 c6 7fffffff 00", "TaskContext", "truncated");
  }

  @Test
  void truncatedTrailingAndEmptyBuffersAreRefused() {
    assertDecodeError("95 01 a6436f6d6d6974 0d", "TaskContext", "truncated");
    assertDecodeError("9501a6436f6d6d69740d02c0 00", "TaskContext", "1 trailing byte");
    assertDecodeError("", "TaskContext", "empty buffer");
  }

  // ---- TaskId ---------------------------------------------------------------------------------

  @Test
  void taskIdsEncodeAsRmpSerdeEnums() throws Exception {
    assertEquals("81a5496e64657800", Hex.of(TaskContext.encodeTaskId(TaskId.index(0))));
    assertEquals("a6436f6d6d6974", Hex.of(TaskContext.encodeTaskId(TaskId.COMMIT)));
    assertEquals("a7436c65616e7570", Hex.of(TaskContext.encodeTaskId(TaskId.CLEANUP)));
    assertEquals(
        "81a5496e646578cfffffffffffffffff", Hex.of(TaskContext.encodeTaskId(TaskId.index(-1L))));
    for (TaskId id : List.of(TaskId.index(0), TaskId.index(-1L), TaskId.COMMIT, TaskId.CLEANUP)) {
      assertEquals(id, TaskContext.decodeTaskId(TaskContext.encodeTaskId(id)));
    }
    assertEquals(new TaskId.Commit(), TaskId.COMMIT);
    assertEquals("Index(" + U64_MAX + ")", TaskId.index(-1L).toString());
  }

  @Test
  void taskIdDecodeErrors() {
    CodecException e =
        assertThrows(
            CodecException.class, () -> TaskContext.decodeTaskId(Hex.bytes("a6436f6d6d6974 00")));
    assertMessageHas(e, "TaskId", "trailing");
    e =
        assertThrows(
            CodecException.class, () -> TaskContext.decodeTaskId(Hex.bytes("a6636f6d6d6974")));
    assertMessageHas(e, "'commit'");
  }
}
