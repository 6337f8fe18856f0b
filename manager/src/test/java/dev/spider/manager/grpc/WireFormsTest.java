package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.tdl.TaskId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Task ids on the wire, against the golden bytes upstream's protobuf writes (docs/cluster.md). */
final class WireFormsTest {

  @Test
  void taskIdsAreTheGoldenBytes() {
    assertArrayEquals(hex("08 00"), TaskIds.toProto(TaskId.index(0)).toByteArray());
    assertArrayEquals(hex("12 00"), TaskIds.toProto(TaskId.COMMIT).toByteArray());
    assertArrayEquals(hex("1a 00"), TaskIds.toProto(TaskId.CLEANUP).toByteArray());
    assertArrayEquals(
        hex("08 ff ff ff ff ff ff ff ff ff 01"), TaskIds.toProto(TaskId.index(-1L)).toByteArray());
  }

  @Test
  void taskIdsReadBack() throws Exception {
    for (TaskId id :
        new TaskId[] {TaskId.index(0), TaskId.index(-1L), TaskId.COMMIT, TaskId.CLEANUP}) {
      assertEquals(
          Optional.of(id),
          TaskIds.fromProto(
              dev.spider.cluster.proto.common.TaskId.parseFrom(TaskIds.toProto(id).toByteArray())));
    }
  }

  @Test
  void aTaskIdWithoutItsKindIsNoTask() {
    assertEquals(
        Optional.empty(),
        TaskIds.fromProto(dev.spider.cluster.proto.common.TaskId.getDefaultInstance()));
  }
}
