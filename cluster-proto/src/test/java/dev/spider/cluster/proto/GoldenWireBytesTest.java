package dev.spider.cluster.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.spider.cluster.proto.common.TaskId;
import dev.spider.cluster.proto.common.Void;
import dev.spider.cluster.proto.scheduler.NextTaskRequest;
import dev.spider.cluster.proto.scheduler.NextTaskResponse;
import dev.spider.cluster.proto.scheduler.TaskAssignmentRecord;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the golden wire bytes of the cluster protocol (the facts' Appendix A, produced by Python
 * protobuf from upstream's own .proto files): our generated messages must encode to exactly these
 * bytes and decode them back to the same message. A wrong field number, wire type or oneof in our
 * .proto files changes the bytes, so a Java node would no longer understand an upstream one.
 */
final class GoldenWireBytesTest {

  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> appendixA() {
    return Stream.of(
        Arguments.of("common.TaskId{index: 0}", TaskId.newBuilder().setIndex(0).build(), "0800"),
        Arguments.of(
            "common.TaskId{commit: {}}",
            TaskId.newBuilder().setCommit(Void.getDefaultInstance()).build(),
            "1200"),
        Arguments.of(
            "common.TaskId{cleanup: {}}",
            TaskId.newBuilder().setCleanup(Void.getDefaultInstance()).build(),
            "1a00"),
        Arguments.of(
            "scheduler.NextTaskRequest{5, prev_assignment: {id: 7, from: 9}, 1000}",
            NextTaskRequest.newBuilder()
                .setExecutionManagerId(5)
                .setPrevAssignment(TaskAssignmentRecord.newBuilder().setId(7).setFrom(9))
                .setWaitTimeMs(1000)
                .build(),
            "080512040807100918e807"),
        Arguments.of(
            "scheduler.NextTaskResponse{no_task: {}}",
            NextTaskResponse.newBuilder().setNoTask(Void.getDefaultInstance()).build(),
            "1200"),
        Arguments.of(
            "scheduler.NextTaskResponse{} (no result)", NextTaskResponse.getDefaultInstance(), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appendixA")
  void encodesToTheGoldenBytes(String name, Message message, String hex) {
    assertEquals(hex, HEX.formatHex(message.toByteArray()), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appendixA")
  void decodesTheGoldenBytesBack(String name, Message message, String hex)
      throws InvalidProtocolBufferException {
    assertEquals(message, message.getParserForType().parseFrom(HEX.parseHex(hex)), name);
  }

  /** {@code index = 0} is a oneof member: present on the wire, and set again after decoding. */
  @Test
  void indexZeroIsATaskIdNotAMissingKind() throws InvalidProtocolBufferException {
    TaskId decoded = TaskId.parseFrom(HEX.parseHex("0800"));
    assertEquals(TaskId.KindCase.INDEX, decoded.getKindCase());
    assertEquals(0, decoded.getIndex());
    assertEquals(TaskId.KindCase.KIND_NOT_SET, TaskId.parseFrom(new byte[0]).getKindCase());
  }

  /** An empty NextTaskResponse decodes without error; the missing result is for the client. */
  @Test
  void anEmptyNextTaskResponseHasNoResult() throws InvalidProtocolBufferException {
    NextTaskResponse decoded = NextTaskResponse.parseFrom(new byte[0]);
    assertEquals(NextTaskResponse.ResultCase.RESULT_NOT_SET, decoded.getResultCase());
    assertTrue(NextTaskResponse.parseFrom(HEX.parseHex("1200")).hasNoTask());
  }

  /** Ids are uint64: Java's long carries all 64 bits, u64::MAX is -1L (a 10-byte varint). */
  @Test
  void uint64IdsKeepAllSixtyFourBits() throws InvalidProtocolBufferException {
    TaskAssignmentRecord max = TaskAssignmentRecord.newBuilder().setId(-1L).build();
    assertEquals("08ffffffffffffffffff01", HEX.formatHex(max.toByteArray()));
    assertEquals(
        "18446744073709551615",
        Long.toUnsignedString(TaskAssignmentRecord.parseFrom(max.toByteArray()).getId()));
  }
}
