package dev.spider.manager.client;

import static dev.spider.manager.client.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TaskOutputsTest {

  /** Two outputs: rmp(3i64) and rmp(-3i64). */
  private static final String TWO_OUTPUTS = "02000000 01000000 03 01000000 fd";

  @Test
  void nothingReturnedIsACountOfZeroNotAnEmptyBuffer() {
    TaskOutputs empty = TaskOutputs.empty();
    assertArrayEquals(hex("00000000"), empty.wireFormat());
    assertEquals(0, empty.payloadCount());
    assertEquals(List.of(), empty.payloads());
  }

  @Test
  void payloadsAreReadBack() {
    TaskOutputs outputs = new TaskOutputs(hex(TWO_OUTPUTS));
    assertEquals(2, outputs.payloadCount());
    List<byte[]> payloads = outputs.payloads();
    assertEquals(2, payloads.size());
    assertArrayEquals(hex("03"), payloads.get(0));
    assertArrayEquals(hex("fd"), payloads.get(1));
  }

  @Test
  void theBufferIsCopiedOnTheWayInAndOut() {
    byte[] given = hex(TWO_OUTPUTS);
    TaskOutputs outputs = new TaskOutputs(given);
    given[5] = 0x7f;
    assertArrayEquals(hex(TWO_OUTPUTS), outputs.wireFormat());
    outputs.wireFormat()[0] = 0x09;
    assertArrayEquals(hex(TWO_OUTPUTS), outputs.wireFormat());
  }

  @Test
  void equalityIsByContent() {
    assertEquals(new TaskOutputs(hex(TWO_OUTPUTS)), new TaskOutputs(hex(TWO_OUTPUTS)));
    assertEquals(
        new TaskOutputs(hex(TWO_OUTPUTS)).hashCode(), new TaskOutputs(hex(TWO_OUTPUTS)).hashCode());
    assertNotEquals(TaskOutputs.empty(), new TaskOutputs(hex(TWO_OUTPUTS)));
  }

  @Test
  void toStringGivesCountAndSizeNotBytes() {
    assertEquals(
        "TaskOutputs[2 output(s), 14 bytes]", new TaskOutputs(hex(TWO_OUTPUTS)).toString());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                               | shorter than the 4-byte output count",
        "000000                           | 3 byte(s), shorter than the 4-byte output count",
        "01000000                         | length of output 0 of 1 truncated at byte 4",
        "01000000 0200                    | length of output 0 of 1 truncated",
        "01000000 02000000 03             | output 0 of 1 declares 2 bytes but only 1 remain",
        "02000000 01000000 03             | length of output 1 of 2 truncated at byte 9",
        "00000000 00                      | 1 trailing byte(s) after 0 output(s)",
        "ffffffff 00000000                | output 1 of 4294967295 truncated",
      })
  void malformedBuffersAreRefusedSayingWhere(String bytes, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TaskOutputs(hex(bytes)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aGraphTaskReportsItsOutputs() {
    assertEquals(
        Optional.of(new TaskOutputs(hex(TWO_OUTPUTS))),
        TaskOutputs.forReport(TaskId.index(0), hex(TWO_OUTPUTS)));
    assertEquals(
        Optional.of(TaskOutputs.empty()),
        TaskOutputs.forReport(TaskId.index(-1L), hex("00000000")));
  }

  @Test
  void commitAndCleanupReportNoOutputsWhateverTheyReturned() {
    byte[] notEvenWireFormat = hex("ff");
    assertEquals(Optional.empty(), TaskOutputs.forReport(TaskId.COMMIT, notEvenWireFormat));
    assertEquals(Optional.empty(), TaskOutputs.forReport(TaskId.CLEANUP, hex(TWO_OUTPUTS)));
  }

  @Test
  void aGraphTaskWithMalformedOutputsIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> TaskOutputs.forReport(TaskId.index(1), hex("ff")));
  }

  @Test
  void nullsAreRefused() {
    assertThrows(NullPointerException.class, () -> new TaskOutputs(null));
    assertThrows(NullPointerException.class, () -> TaskOutputs.forReport(TaskId.COMMIT, null));
  }
}
